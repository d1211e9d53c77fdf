//! A pass-through gRPC codec: the request goes out as bytes encoded once
//! beforehand, the response comes back as its raw bytes, undecoded. The
//! load generator so costs the same per byte whatever the message, like
//! `h2load`; tonic still reads the `grpc-status` trailer, so a failed call
//! is still an error.

use prost::bytes::{Buf, BufMut, Bytes};
use tonic::{
    codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder},
    Status,
};

/// Sends pre-encoded request bytes; returns the response's bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct RawCodec;

/// The encoder of [`RawCodec`]: copies the request's bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct RawEncoder;

/// The decoder of [`RawCodec`]: takes the message's bytes as they are.
#[derive(Clone, Copy, Debug, Default)]
pub struct RawDecoder;

impl Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawEncoder;
    type Decoder = RawDecoder;

    fn encoder(&mut self) -> Self::Encoder {
        RawEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        RawDecoder
    }
}

impl Encoder for RawEncoder {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for RawDecoder {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        // The frame is contiguous: this splits it off without copying.
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}
