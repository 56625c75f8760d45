//! POSIX cron expressions as GitHub's `schedule` event reads them: five fields, each `*`, a
//! value, a range `a-b`, any of those with a step `/n`, or a comma list of them; months and
//! weekdays also by three-letter name.

/// One field of a cron expression.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    hint: &'static str,
}

const FIELDS: [Field; 5] = [
    Field {
        name: "minute",
        min: 0,
        max: 59,
        names: &[],
        hint: "0-59",
    },
    Field {
        name: "hour",
        min: 0,
        max: 23,
        names: &[],
        hint: "0-23",
    },
    Field {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
        hint: "1-31",
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: &[
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ],
        hint: "1-12 or JAN-DEC",
    },
    Field {
        name: "day-of-week",
        min: 0,
        max: 6,
        names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
        hint: "0-6 (0 is Sunday) or SUN-SAT",
    },
];

/// Why a cron expression is invalid, and where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CronError {
    /// Byte offset of the offending part in the expression.
    pub(crate) offset: usize,
    /// The offending text.
    pub(crate) text: String,
    /// What is wrong.
    pub(crate) message: String,
}

/// Check a cron expression.
pub(crate) fn validate(expr: &str) -> Result<(), CronError> {
    let fields: Vec<(usize, &str)> = split_fields(expr);
    if fields.len() != 5 {
        let hint = if expr.trim_start().starts_with('@') {
            "; nicknames such as `@daily` are not supported, write the five fields"
        } else {
            ""
        };
        return Err(CronError {
            offset: fields.first().map_or(0, |f| f.0),
            text: expr.trim().to_string(),
            message: format!(
                "a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has {}{hint}",
                fields.len()
            ),
        });
    }
    for ((offset, text), field) in fields.into_iter().zip(FIELDS.iter()) {
        let mut at = offset;
        for item in text.split(',') {
            check_item(item, field).map_err(|message| CronError {
                offset: at,
                text: item.to_string(),
                message: format!("{} field `{item}`: {message}", field.name),
            })?;
            at += item.len() + 1;
        }
    }
    Ok(())
}

fn split_fields(expr: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in expr.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &expr[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &expr[s..]));
    }
    out
}

fn check_item(item: &str, field: &Field) -> Result<(), String> {
    if item.is_empty() {
        return Err("empty list item".to_string());
    }
    let (range, step) = match item.split_once('/') {
        Some((range, step)) => (range, Some(step)),
        None => (item, None),
    };
    if let Some(step) = step {
        match step.parse::<u32>() {
            Ok(0) => return Err("a step of 0 never advances".to_string()),
            Ok(_) => {}
            Err(_) => return Err(format!("the step `{step}` is not a number")),
        }
    }
    if range == "*" {
        return Ok(());
    }
    let (low, high) = match range.split_once('-') {
        Some((low, high)) => (value(low, field)?, Some(value(high, field)?)),
        None => (value(range, field)?, None),
    };
    if let Some(high) = high
        && low > high
    {
        return Err(format!("the range runs backwards ({low} > {high})"));
    }
    Ok(())
}

fn value(text: &str, field: &Field) -> Result<u32, String> {
    if let Some(pos) = field
        .names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(text))
    {
        return Ok(field.min + pos as u32);
    }
    let n: u32 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a value (expected {})", field.hint))?;
    if n < field.min || n > field.max {
        return Err(format!("{n} is out of range (expected {})", field.hint));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_expressions() {
        for ok in [
            "* * * * *",
            "0 3 * * 1-5",
            "*/15 0-6,18-23 1 JAN-jun MON",
            "20/15 * 31 12 SUN-SAT",
            "  5 4 * * 0  ",
        ] {
            assert_eq!(validate(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn invalid_expressions_name_the_field() {
        let cases = [
            ("60 * * * *", "minute field `60`"),
            ("0 24 * * *", "hour field `24`"),
            ("0 0 0 * *", "day-of-month field `0`"),
            ("0 0 * 13 *", "month field `13`"),
            ("0 0 * * 7", "day-of-week field `7`"),
            ("0 0 * * FOO", "day-of-week field `FOO`"),
            ("*/0 * * * *", "a step of 0"),
            ("0 5-2 * * *", "backwards"),
            ("0 0 * *", "this one has 4"),
            ("@daily", "nicknames"),
        ];
        for (expr, wanted) in cases {
            let err = validate(expr).unwrap_err();
            assert!(err.message.contains(wanted), "{expr}: {}", err.message);
        }
        let err = validate("0 0 * 1,2,x *").unwrap_err();
        assert_eq!((err.offset, err.text.as_str()), (10, "x"));
    }
}
