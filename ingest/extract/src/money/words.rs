//! Numbers written out in words ("four hundred thousand", "two and a half
//! million", "twenty-five"), as exact whole values.

fn unit(w: &str) -> Option<u64> {
    Some(match w {
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn scale(w: &str) -> Option<u64> {
    Some(match w {
        "thousand" => 1_000,
        "million" | "millions" => 1_000_000,
        "billion" | "billions" => 1_000_000_000,
        "lakh" | "lakhs" => 100_000,
        "crore" | "crores" => 10_000_000,
        _ => return None,
    })
}

/// True when `w` (lower case) can be part of a written number.
pub fn is_number_word(w: &str) -> bool {
    unit(w).is_some() || scale(w).is_some() || matches!(w, "hundred" | "and" | "half")
}

/// The value of lower-case number words in order, or `None` when they do
/// not form one number ("and" alone, "a" alone, two units in a row).
pub fn value(words: &[&str]) -> Option<u64> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut seen_number = false;
    let mut last_unit = false;
    let mut half = false;
    let mut half_alone = false;
    for (i, w) in words.iter().enumerate() {
        // "a half million", "half a million": the article is no unit.
        if matches!(*w, "a" | "an")
            && (words.get(i + 1) == Some(&"half") || i > 0 && words[i - 1] == "half")
        {
            continue;
        }
        if let Some(u) = unit(w) {
            // "a" counts only before a scale word ("a million", "a half").
            if matches!(*w, "a" | "an")
                && !words
                    .get(i + 1)
                    .is_some_and(|n| scale(n).is_some() || *n == "hundred" || *n == "half")
            {
                return None;
            }
            // "twenty five" is 25; "five five" is not a number.
            if last_unit && !(current % 100 >= 20 && current.is_multiple_of(10) && u < 10) {
                return None;
            }
            current += u;
            last_unit = true;
            seen_number = true;
        } else if *w == "hundred" {
            current = current.max(1) * 100;
            last_unit = false;
        } else if let Some(s) = scale(w) {
            let base = if half && half_alone {
                s / 2
            } else {
                current.max(1) * s + if half { s / 2 } else { 0 }
            };
            total = total.checked_add(base)?;
            current = 0;
            half = false;
            last_unit = false;
            seen_number = true;
        } else if *w == "half" {
            half = true;
            half_alone = current == 0;
            last_unit = false;
        } else if *w != "and" {
            return None;
        }
    }
    if half && current > 0 {
        return None;
    }
    seen_number.then_some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<u64> {
        let w: Vec<&str> = s.split([' ', '-']).collect();
        value(&w)
    }

    #[test]
    fn written_numbers() {
        assert_eq!(v("four hundred thousand"), Some(400_000));
        assert_eq!(v("two million"), Some(2_000_000));
        assert_eq!(v("twenty-five"), Some(25));
        assert_eq!(v("one hundred and fifty thousand"), Some(150_000));
        assert_eq!(v("two and a half million"), Some(2_500_000));
        assert_eq!(v("a million"), Some(1_000_000));
        assert_eq!(v("half a million"), Some(500_000));
        assert_eq!(v("a half million"), Some(500_000));
        assert_eq!(v("three crore"), Some(30_000_000));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(v("and"), None);
        assert_eq!(v("a"), None);
        assert_eq!(v("five five"), None);
        assert_eq!(v("two the"), None);
    }
}
