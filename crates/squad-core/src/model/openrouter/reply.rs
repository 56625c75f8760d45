//! A 200 body read in one pass.
//!
//! async-openai deserializes the body into the type we name, and logs the whole body at ERROR
//! when that fails, so the type must accept any JSON. Reading the body as a `Value` tree
//! costs a string and a map node per member; reading it as a `RawValue` and then again as
//! typed fields costs two passes over the answer text. [`Reply`] reads the members that make
//! up an ordinary completion (the top object, `choices`, each choice, its `message`) by hand
//! and keeps the leaves it reads, and anything of an unexpected shape, as a `Value`; the
//! members it does not read are kept as their JSON text ([`Rest`]). The provider then
//! either reads an ordinary completion straight from it, or turns it back into the `Value`
//! the body would have parsed to and gives that to the lenient reading; a property test holds
//! the two readings equal.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

/// A whole 200 body.
pub(crate) type Reply = Loose<Top>;

/// A value of the expected shape, or whatever the body held instead.
#[derive(Debug)]
pub(crate) enum Loose<T> {
    Typed(T),
    Other(Value),
}

/// The top object of a body.
#[derive(Debug, Default)]
pub(crate) struct Top {
    pub(crate) id: Option<Value>,
    pub(crate) model: Option<Value>,
    pub(crate) choices: Option<Loose<Choices>>,
    pub(crate) usage: Option<Loose<Usage>>,
    pub(crate) error: Option<Value>,
    /// The other members (`object`, `created`...), kept for the lenient reading's messages.
    pub(crate) rest: Rest,
}

/// The `choices` list.
#[derive(Debug, Default)]
pub(crate) struct Choices(pub(crate) Vec<Loose<Choice>>);

/// One choice.
#[derive(Debug, Default)]
pub(crate) struct Choice {
    pub(crate) message: Option<Loose<Message>>,
    pub(crate) finish_reason: Option<Value>,
    pub(crate) error: Option<Value>,
    pub(crate) text: Option<Value>,
    pub(crate) rest: Rest,
}

/// The assistant message of a choice.
#[derive(Debug, Default)]
pub(crate) struct Message {
    pub(crate) content: Option<Value>,
    pub(crate) rest: Rest,
}

/// Token counts and cost, each as the body gave it.
#[derive(Debug, Default)]
pub(crate) struct Usage {
    pub(crate) prompt_tokens: Option<Value>,
    pub(crate) completion_tokens: Option<Value>,
    pub(crate) total_tokens: Option<Value>,
    pub(crate) cost: Option<Value>,
    pub(crate) rest: Rest,
}

/// The members a typed part does not read, as the JSON text of object members
/// (`"object":"chat.completion","created":1`), copied from the body. One string holds them all,
/// where members as `(String, Value)` pairs would cost a string per name and per text value:
/// they are read back only when a body goes to the lenient reading, which is rare.
#[derive(Debug, Default)]
pub(crate) struct Rest(String);

impl Rest {
    /// Copy member `name` and its value, the next one `map` gives, as they are in the body.
    ///
    /// The value is borrowed from the body as a `RawValue`, which serde_json's readers of a
    /// slice or a string (async-openai reads bodies with `from_slice`) give without a copy.
    fn push<'de, A: MapAccess<'de>>(&mut self, name: &str, map: &mut A) -> Result<(), A::Error> {
        let value: &'de RawValue = map.next_value()?;
        if self.0.is_empty() {
            // Room for the few short members of a usual body (`object`, `created`, `index`,
            // `role`, `provider`) without growing the string member by member.
            self.0.reserve(128);
        } else {
            self.0.push(',');
        }
        if name.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            // A name written with escapes in the body: written again with them.
            let quoted = serde_json::to_string(name).map_err(de::Error::custom)?;
            self.0.push_str(&quoted);
        } else {
            self.0.push('"');
            self.0.push_str(name);
            self.0.push('"');
        }
        self.0.push(':');
        self.0.push_str(value.get());
        Ok(())
    }

    /// The members, as the body's own parse into a `Value` would give them.
    fn into_map(self) -> Map<String, Value> {
        if self.0.is_empty() {
            return Map::new();
        }
        // Members copied from a body that parsed, so they parse; should a value still be out
        // of a `Value`'s reach, the members are left out rather than the whole reply lost.
        serde_json::from_str(&format!("{{{}}}", self.0)).unwrap_or_default()
    }
}

/// How a typed part reads the object or list it expects; the other shape becomes a `Value`.
trait Shape<'de>: Sized {
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Loose<Self>, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Loose::Other)
    }
    fn from_seq<A: SeqAccess<'de>>(seq: A) -> Result<Loose<Self>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Loose::Other)
    }
}

/// A member name, borrowed from the body when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl<'de> Shape<'de> for Top {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Loose<Self>, A::Error> {
        let mut top = Top::default();
        // A repeated member replaces the earlier one, as it does in a `Value`.
        while let Some(Key(key)) = map.next_key()? {
            match &*key {
                "id" => top.id = Some(map.next_value()?),
                "model" => top.model = Some(map.next_value()?),
                "choices" => top.choices = Some(map.next_value()?),
                "usage" => top.usage = Some(map.next_value()?),
                "error" => top.error = Some(map.next_value()?),
                _ => top.rest.push(&key, &mut map)?,
            }
        }
        Ok(Loose::Typed(top))
    }
}

impl<'de> Shape<'de> for Choices {
    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Loose<Self>, A::Error> {
        let mut choices = Vec::with_capacity(seq.size_hint().unwrap_or(1).min(16));
        while let Some(choice) = seq.next_element()? {
            choices.push(choice);
        }
        Ok(Loose::Typed(Choices(choices)))
    }
}

impl<'de> Shape<'de> for Choice {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Loose<Self>, A::Error> {
        let mut choice = Choice::default();
        while let Some(Key(key)) = map.next_key()? {
            match &*key {
                "message" => choice.message = Some(map.next_value()?),
                "finish_reason" => choice.finish_reason = Some(map.next_value()?),
                "error" => choice.error = Some(map.next_value()?),
                "text" => choice.text = Some(map.next_value()?),
                _ => choice.rest.push(&key, &mut map)?,
            }
        }
        Ok(Loose::Typed(choice))
    }
}

impl<'de> Shape<'de> for Usage {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Loose<Self>, A::Error> {
        let mut usage = Usage::default();
        while let Some(Key(key)) = map.next_key()? {
            match &*key {
                "prompt_tokens" => usage.prompt_tokens = Some(map.next_value()?),
                "completion_tokens" => usage.completion_tokens = Some(map.next_value()?),
                "total_tokens" => usage.total_tokens = Some(map.next_value()?),
                "cost" => usage.cost = Some(map.next_value()?),
                _ => usage.rest.push(&key, &mut map)?,
            }
        }
        Ok(Loose::Typed(usage))
    }
}

impl<'de> Shape<'de> for Message {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Loose<Self>, A::Error> {
        let mut message = Message::default();
        while let Some(Key(key)) = map.next_key()? {
            match &*key {
                "content" => message.content = Some(map.next_value()?),
                _ => message.rest.push(&key, &mut map)?,
            }
        }
        Ok(Loose::Typed(message))
    }
}

impl<'de, T: Shape<'de>> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LooseVisitor<T>(PhantomData<T>);
        // Scalars become the `Value` serde_json's own reading gives them.
        impl<'de, T: Shape<'de>> Visitor<'de> for LooseVisitor<T> {
            type Value = Loose<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Loose::Other(Value::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Loose::Other(Value::Number(v.into())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Loose::Other(Value::Number(v.into())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Loose::Other(
                    Number::from_f64(v).map_or(Value::Null, Value::Number),
                ))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Loose::Other(Value::String(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Loose::Other(Value::String(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Loose::Other(Value::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Loose::Other(Value::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                Loose::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::from_seq(seq)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::from_map(map)
            }
        }
        deserializer.deserialize_any(LooseVisitor(PhantomData))
    }
}

/// Back to the `Value` the body would have parsed to.
pub(crate) trait IntoValue {
    fn into_value(self) -> Value;
}

impl<T: IntoValue> IntoValue for Loose<T> {
    fn into_value(self) -> Value {
        match self {
            Loose::Typed(t) => t.into_value(),
            Loose::Other(v) => v,
        }
    }
}

fn object<const N: usize>(known: [(&str, Option<Value>); N], rest: Rest) -> Value {
    let mut map = rest.into_map();
    for (name, value) in known {
        if let Some(value) = value {
            map.insert(name.to_string(), value);
        }
    }
    Value::Object(map)
}

impl IntoValue for Top {
    fn into_value(self) -> Value {
        object(
            [
                ("id", self.id),
                ("model", self.model),
                ("choices", self.choices.map(IntoValue::into_value)),
                ("usage", self.usage.map(IntoValue::into_value)),
                ("error", self.error),
            ],
            self.rest,
        )
    }
}

impl IntoValue for Choices {
    fn into_value(self) -> Value {
        Value::Array(self.0.into_iter().map(IntoValue::into_value).collect())
    }
}

impl IntoValue for Choice {
    fn into_value(self) -> Value {
        object(
            [
                ("message", self.message.map(IntoValue::into_value)),
                ("finish_reason", self.finish_reason),
                ("error", self.error),
                ("text", self.text),
            ],
            self.rest,
        )
    }
}

impl IntoValue for Message {
    fn into_value(self) -> Value {
        object([("content", self.content)], self.rest)
    }
}

impl IntoValue for Usage {
    fn into_value(self) -> Value {
        object(
            [
                ("prompt_tokens", self.prompt_tokens),
                ("completion_tokens", self.completion_tokens),
                ("total_tokens", self.total_tokens),
                ("cost", self.cost),
            ],
            self.rest,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever members a body has, and however their names are written, the reply turns back
    /// into the very `Value` serde_json reads from the body.
    #[test]
    fn a_reply_turns_back_into_the_value_of_its_body() {
        let bodies = [
            r#"{"id":"gen-1","object":"chat.completion","created":1,"provider":"X",
                "choices":[{"index":0,"logprobs":null,"message":{"role":"assistant","content":"hi","refusal":null}}],
                "usage":{"prompt_tokens":1,"prompt_tokens_details":{"cached_tokens":0}}}"#,
            // Names with escapes, a quote and a backslash in them, a non-ASCII name.
            r#"{"\u006fbject":"x","a\"b":1,"c\\d":[1,{"e":"\n"}],"é€":true,"choices":[]}"#,
            // A repeated member: the last one counts, as in a `Value`.
            r#"{"extra":1,"extra":{"nested":[null,2.5,-3]},"choices":[{"message":{"content":null,"x":"\ty"}}]}"#,
            r#"{"usage":{"cost":"0.1","other":"\u00e9"},"error":{"code":429,"message":"slow down"}}"#,
        ];
        for body in bodies {
            let expected: Value = serde_json::from_str(body).expect("valid JSON");
            let reply: Reply = serde_json::from_str(body).expect("any JSON is a Reply");
            assert!(matches!(reply, Loose::Typed(_)), "{body}");
            assert_eq!(reply.into_value(), expected, "{body}");
            // async-openai reads bodies from bytes.
            let reply: Reply =
                serde_json::from_slice(body.as_bytes()).expect("any JSON is a Reply");
            assert_eq!(reply.into_value(), expected, "{body}");
        }
    }
}
