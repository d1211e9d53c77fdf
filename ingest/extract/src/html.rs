//! HTML to paragraphs in one pass over html5ever's tokens, in time linear
//! in the size of the page however deep its elements nest.
//!
//! A full HTML5 tree builder checks the stack of open elements on every
//! block start tag ("is a `p` open in button scope?"), so a page of
//! 100,000 nested `<div>`s costs 10^10 steps. Only a few elements matter
//! for text: blocks (which end paragraphs) and skipped elements (script,
//! navigation, forms), so only those are kept on a stack, with the
//! position of each name's open elements and of the scope boundaries
//! (`table`, `td`, `th`, `template`, `button`) beside it. Every question
//! the tree builder asks of the stack then takes constant time, and an
//! element is pushed and popped once. The rules followed are the tree
//! builder's for the elements kept: a block start closes an open `p`,
//! `li`/`dd`/`dt` close their open sibling, an end tag closes the
//! elements above its own when it is in scope and is ignored when not,
//! `</p>` with no open `p` ends a paragraph, `</br>` is a line break,
//! and raw-text elements (`script`, `style`, `title`, ...) switch the
//! tokenizer the way the tree builder does.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::LocalName;

/// Elements whose content is never story text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "svg",
    "iframe",
    "template",
    "menu",
    "figure",
    "figcaption",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "address",
    "title",
    "time",
];

/// Start tags that close an open `p` (HTML5 "close a p element").
const CLOSE_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "li",
    "dd",
    "dt",
    "plaintext",
    "table",
    "hr",
    "xmp",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Elements that bound the scope an end tag looks in.
const SCOPE_MARKS: &[&str] = &["table", "td", "th", "template"];

/// HTML elements that end an open `svg` when they start inside it.
const BREAK_OUT: &[&str] = &[
    "blockquote",
    "body",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
];

/// Most elements the `li`/`dd`/`dt` rule looks through for an open
/// sibling; deeper ones are left open (bounded work on hostile pages).
const SIBLING_LOOKUP: usize = 256;

#[derive(Default)]
struct State {
    out: String,
    /// Open blocks and skipped elements, outermost first.
    stack: Vec<LocalName>,
    /// Stack positions of the open elements of each name.
    open: HashMap<LocalName, Vec<usize>>,
    /// Stack positions of the open scope boundaries.
    marks: Vec<usize>,
    /// Stack positions of open `button`s (they bound `p`'s scope).
    buttons: Vec<usize>,
    /// Open skipped elements.
    skipping: usize,
}

fn is(name: &str, set: &[&str]) -> bool {
    set.contains(&name)
}

impl State {
    fn top_of(&self, name: &str) -> Option<usize> {
        self.open
            .get(&LocalName::from(name))
            .and_then(|v| v.last().copied())
    }

    /// True when an open `name` lies above every scope boundary.
    fn in_scope(&self, name: &str, button: bool) -> bool {
        let Some(at) = self.top_of(name) else {
            return false;
        };
        let mark = self.marks.last().copied();
        let button = if button {
            self.buttons.last().copied()
        } else {
            None
        };
        mark.max(button).is_none_or(|m| at >= m)
    }

    fn push(&mut self, name: LocalName) {
        let at = self.stack.len();
        if is(&name, SKIPPED) {
            self.skipping += 1;
        } else {
            self.paragraph();
        }
        if is(&name, SCOPE_MARKS) {
            self.marks.push(at);
        }
        if &*name == "button" {
            self.buttons.push(at);
        }
        self.open.entry(name.clone()).or_default().push(at);
        self.stack.push(name);
    }

    /// Pops the stack down to (and including) position `at`.
    fn pop_to(&mut self, at: usize) {
        while self.stack.len() > at {
            let Some(name) = self.stack.pop() else { break };
            let pos = self.stack.len();
            if let Some(v) = self.open.get_mut(&name) {
                v.pop();
            }
            if self.marks.last() == Some(&pos) {
                self.marks.pop();
            }
            if self.buttons.last() == Some(&pos) {
                self.buttons.pop();
            }
            if is(&name, SKIPPED) {
                self.skipping -= 1;
            } else {
                self.paragraph();
            }
        }
    }

    fn paragraph(&mut self) {
        if self.skipping == 0 {
            self.out.push_str("\n\n");
        }
    }

    /// Closes the innermost open `name` when it is in scope.
    fn close(&mut self, name: &str, button: bool) {
        if self.in_scope(name, button) {
            if let Some(at) = self.top_of(name) {
                self.pop_to(at);
            }
        }
    }

    fn line_break(&mut self) {
        if self.skipping == 0 {
            self.out.push('\n');
        }
    }

    /// `li` closes an open `li`, `dd`/`dt` an open `dd` or `dt`, looking
    /// through `address`, `div`, `p` and non-special elements only.
    fn close_sibling(&mut self, siblings: &[&str]) {
        for (k, name) in self.stack.iter().enumerate().rev().take(SIBLING_LOOKUP) {
            if is(name, siblings) {
                self.pop_to(k);
                return;
            }
            if !matches!(&**name, "address" | "div" | "p" | "time" | "svg") {
                return;
            }
        }
    }

    fn start(&mut self, tag: Tag) -> TokenSinkResult<()> {
        let name = tag.name;
        if self.top_of("svg").is_some() {
            if is(&name, BREAK_OUT) {
                if let Some(at) = self.top_of("svg") {
                    self.pop_to(at);
                }
            } else {
                // Foreign content: no raw text, self-closing is honoured.
                if !tag.self_closing && (is(&name, BLOCKS) || is(&name, SKIPPED)) {
                    self.push(name);
                }
                return TokenSinkResult::Continue;
            }
        }
        if is(&name, CLOSE_P) {
            self.close("p", true);
        }
        match &*name {
            "br" => self.line_break(),
            "li" => self.close_sibling(&["li"]),
            "dd" | "dt" => self.close_sibling(&["dd", "dt"]),
            "td" | "th" => {
                let cell = ["td", "th"]
                    .iter()
                    .filter(|c| self.in_scope(c, false))
                    .filter_map(|c| self.top_of(c))
                    .max();
                if let Some(at) = cell {
                    self.pop_to(at);
                }
            }
            "tr" => self.close("tr", false),
            h if is(h, HEADINGS) && self.stack.last().is_some_and(|t| is(t, HEADINGS)) => {
                self.pop_to(self.stack.len() - 1);
            }
            _ => {}
        }
        let raw = match &*name {
            "script" => Some(TokenSinkResult::RawData(RawKind::ScriptData)),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some(TokenSinkResult::RawData(RawKind::Rawtext))
            }
            "title" | "textarea" => Some(TokenSinkResult::RawData(RawKind::Rcdata)),
            "plaintext" => Some(TokenSinkResult::Plaintext),
            _ => None,
        };
        let svg_closed = &*name == "svg" && tag.self_closing;
        if (is(&name, BLOCKS) || is(&name, SKIPPED)) && !svg_closed {
            self.push(name);
        }
        raw.unwrap_or(TokenSinkResult::Continue)
    }

    fn end(&mut self, name: &LocalName) {
        match &**name {
            "br" => self.line_break(),
            "p" if !self.in_scope("p", true) => self.paragraph(),
            h if is(h, HEADINGS) => {
                let at = HEADINGS
                    .iter()
                    .filter(|x| self.in_scope(x, false))
                    .filter_map(|x| self.top_of(x))
                    .max();
                if let Some(at) = at {
                    self.pop_to(at);
                }
            }
            n if is(n, BLOCKS) || is(n, SKIPPED) => self.close(n, n == "p"),
            _ => {}
        }
    }

    fn text(&mut self, t: &StrTendril) {
        if self.skipping > 0 {
            return;
        }
        // Whitespace inside HTML text is layout, not content.
        let mut last_space = self.out.ends_with([' ', '\n']);
        for c in t.chars() {
            if c.is_whitespace() {
                if !last_space {
                    self.out.push(' ');
                    last_space = true;
                }
            } else {
                self.out.push(c);
                last_space = false;
            }
        }
    }
}

struct Sink(RefCell<State>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut s = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return s.start(tag),
                TagKind::EndTag => s.end(&tag.name),
            },
            Token::CharacterTokens(t) => s.text(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The text of an HTML page: paragraphs separated by blank lines, `<br>`
/// as a line end, script, style, navigation, forms and figures dropped,
/// runs of whitespace collapsed to one space.
pub(crate) fn to_text(html: &str) -> String {
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(State::default())),
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut state = tokenizer.sink.0.take();
    state.pop_to(0);
    state.out
}

#[cfg(test)]
mod tests {
    use ego_tree::iter::Edge;
    use scraper::{Html, Node};

    use super::*;

    /// The same reading done on a full HTML5 tree (the way this crate read
    /// pages before): the reference the one-pass reader must agree with.
    fn tree_text(html: &str) -> String {
        let doc = Html::parse_document(html);
        let mut out = String::new();
        let mut skip = 0usize;
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => {
                        if skip > 0 || is(e.name(), SKIPPED) {
                            skip += 1;
                        } else if e.name() == "br" {
                            out.push('\n');
                        } else if is(e.name(), BLOCKS) {
                            out.push_str("\n\n");
                        }
                    }
                    Node::Text(t) if skip == 0 => {
                        let mut last_space = out.ends_with([' ', '\n']);
                        for c in t.chars() {
                            if !c.is_whitespace() {
                                out.push(c);
                                last_space = false;
                            } else if !last_space {
                                out.push(' ');
                                last_space = true;
                            }
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(e) = node.value() {
                        if skip > 0 {
                            skip -= 1;
                        } else if is(e.name(), BLOCKS) {
                            out.push_str("\n\n");
                        }
                    }
                }
            }
        }
        out
    }

    /// Lines trimmed, runs of blank lines as one: what `clean` reads.
    fn lines(s: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in s.lines().map(str::trim) {
            if !l.is_empty() || out.last().is_some_and(|x| !x.is_empty()) {
                out.push(l.to_owned());
            }
        }
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out
    }

    const PAGES: &[&str] = &[
        "<html><head><title>T</title><script>var x = '<p>no</p>';</script><style>p{}</style></head>\
         <body><nav><a>Home</a> <ul><li>News</li></ul></nav><article><h1>Big  news</h1>\
         <p>First <b>para</b>.<p>Second<br>line.</p><p>Third<hr>after rule</p></article>\
         <footer>(c) site</footer></body></html>",
        "<div><p>One<div>Two</div>Three</p><ul><li>a<li>b<ul><li>c</ul><li>d</ul>\
         <dl><dt>term<dd>def<dt>term2</dl></div>",
        "<table><tr><td>cell one<td>cell two<tr><th>head<td>x</table><p>after table</p>",
        "<p>Before<svg><title>icon</title><path/></svg>after svg <svg/>still</p>",
        "<p>Open paragraph<figure><img src=x><figcaption>Photo: someone</figcaption></figure>then text",
        "<p>x</p></p>y</div>z<span>a<div>b</span>c</div>d",
        "<body><form><input name=q><button>Go</button></form><main><h2>Title<h3>Sub</h3>\
         <p>Text &amp; more&nbsp;text.</p></main><noscript><p>Enable JS</p></noscript>",
        "<p>a<textarea><p>raw</p></textarea>b<select><option>o</select>c</p>",
        "<blockquote>Quote<p>inner</blockquote><pre>\nline 1\nline 2</pre><time>3 May 2021</time>",
    ];

    #[test]
    fn reads_pages_as_the_full_tree_does() {
        for page in PAGES {
            assert_eq!(lines(&to_text(page)), lines(&tree_text(page)), "{page}");
        }
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../samples/2023-11-02-ghana-border-workshop.html"
        ))
        .expect("sample page");
        assert_eq!(lines(&to_text(&sample)), lines(&tree_text(&sample)));
    }

    #[test]
    fn deep_nesting_is_read_in_one_pass() {
        let n = 100_000;
        let page = format!(
            "{}<p>Deep text.</p>{}",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        assert_eq!(lines(&to_text(&page)), vec!["Deep text."]);
        let page = format!("{}<li>x{}", "<div>".repeat(n), "<li>y".repeat(1000));
        assert_eq!(lines(&to_text(&page)).len(), 1001 * 2 - 1);
    }
}
