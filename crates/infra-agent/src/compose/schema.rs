//! The Compose Specification as this project reads it: which keys each object has and what
//! type each value takes. Written from the specification's documentation
//! (<https://github.com/compose-spec/compose-spec>), not generated from its JSON schema.
//!
//! Types are lenient where compose itself is: compose casts strings for numeric and boolean
//! fields (`"3"`, `"yes"`), and any value holding `${VAR}` is only known after
//! interpolation, so it is accepted wherever a scalar is.

/// The type of a value in a compose file.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ty {
    /// A string (numbers are accepted: compose reads them as their text).
    Str,
    /// An integer (a string of digits too).
    Int,
    /// A number, integer or decimal (as a string too).
    Num,
    /// A boolean (`true`, `false`, or the strings compose casts: `yes`, `no`, `on`, `off`).
    Bool,
    /// Any scalar: string, number or boolean.
    Scalar,
    /// Only null (a key with nothing after it).
    Null,
    /// A Go duration: `30s`, `1m30s`.
    Duration,
    /// A byte size: `512m`, `1g`, or a number of bytes.
    Size,
    /// One of a fixed set of strings.
    Enum(&'static [&'static str]),
    /// A restart policy: `no`, `always`, `on-failure[:N]`, `unless-stopped`.
    Restart,
    /// A pull policy: `always`, `never`, `missing`, `build`, `daily`, `weekly`,
    /// `every_<duration>`, `refresh`, `if_not_present`.
    PullPolicy,
    /// A sequence of values of one type.
    List(&'static Ty),
    /// A mapping with free-form keys and values of one type.
    Map(&'static Ty),
    /// A mapping whose keys are resource names (`[a-zA-Z0-9._-]+`): services, networks, ...
    Named(&'static Ty),
    /// A mapping with a fixed set of keys (plus `x-*` extensions).
    Obj(&'static Obj),
    /// The first alternative whose shape (scalar, sequence, mapping) fits.
    OneOf(&'static [Ty]),
    /// Anything at all (extension values, driver options).
    Any,
}

/// An object of the specification: its name for messages and its keys.
#[derive(Debug)]
pub(crate) struct Obj {
    /// What the object is, for messages: `service`, `healthcheck`, ...
    pub(crate) name: &'static str,
    /// Its keys and their types.
    pub(crate) fields: &'static [(&'static str, Ty)],
}

impl Obj {
    /// The type of `key`, when the object has it.
    pub(crate) fn field(&self, key: &str) -> Option<&'static Ty> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, t)| t)
    }

    /// Every key, for suggestions.
    pub(crate) fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|(k, _)| *k).collect()
    }
}

impl Ty {
    /// How the type is named in messages: "a string", "a list or a mapping", ...
    pub(crate) fn describe(&self) -> String {
        match self {
            Ty::Str => "a string".into(),
            Ty::Int => "an integer".into(),
            Ty::Num => "a number".into(),
            Ty::Bool => "a boolean".into(),
            Ty::Scalar => "a string, number or boolean".into(),
            Ty::Null => "null".into(),
            Ty::Duration => "a duration such as `30s`".into(),
            Ty::Size => "a size such as `512m`".into(),
            Ty::Enum(values) => format!("one of {}", quoted_list(values)),
            Ty::Restart => "a restart policy".into(),
            Ty::PullPolicy => "a pull policy".into(),
            Ty::List(_) => "a list".into(),
            Ty::Map(_) | Ty::Named(_) => "a mapping".into(),
            Ty::Obj(obj) => format!("a {} mapping", obj.name),
            Ty::OneOf(alternatives) => {
                let mut names: Vec<String> = Vec::new();
                for alt in *alternatives {
                    let name = alt.describe();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                match names.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => names.concat(),
                }
            }
            Ty::Any => "anything".into(),
        }
    }
}

/// `a`, `b` and `c` as "`a`, `b`, `c`".
pub(crate) fn quoted_list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

// Common shapes.
const STR_LIST: Ty = Ty::List(&Ty::Str);
const STR_OR_LIST: Ty = Ty::OneOf(&[Ty::Str, STR_LIST]);
const COMMAND: Ty = Ty::OneOf(&[Ty::Null, Ty::Str, STR_LIST]);
const SCALAR_OR_NULL: Ty = Ty::OneOf(&[Ty::Scalar, Ty::Null]);
/// A list of `KEY=VALUE` strings or a mapping of scalars (environment, labels, args, ...).
const LIST_OR_DICT: Ty = Ty::OneOf(&[Ty::List(&Ty::Scalar), Ty::Map(&SCALAR_OR_NULL)]);
const EXTERNAL: Ty = Ty::OneOf(&[Ty::Bool, Ty::Obj(&EXTERNAL_OBJ)]);
const INT_OR_STR: Ty = Ty::OneOf(&[Ty::Int, Ty::Str]);

static EXTERNAL_OBJ: Obj = Obj {
    name: "external",
    fields: &[("name", Ty::Str)],
};

/// The top level of a compose file.
pub(crate) static FILE: Obj = Obj {
    name: "compose file",
    fields: &[
        ("version", Ty::Scalar),
        ("name", Ty::Str),
        (
            "include",
            Ty::List(&Ty::OneOf(&[Ty::Str, Ty::Obj(&INCLUDE)])),
        ),
        ("services", Ty::Named(&Ty::Obj(&SERVICE))),
        (
            "networks",
            Ty::Named(&Ty::OneOf(&[Ty::Null, Ty::Obj(&NETWORK)])),
        ),
        (
            "volumes",
            Ty::Named(&Ty::OneOf(&[Ty::Null, Ty::Obj(&VOLUME)])),
        ),
        ("secrets", Ty::Named(&Ty::Obj(&SECRET))),
        ("configs", Ty::Named(&Ty::Obj(&CONFIG))),
        ("models", Ty::Named(&Ty::Obj(&MODEL))),
    ],
};

static INCLUDE: Obj = Obj {
    name: "include",
    fields: &[
        ("path", STR_OR_LIST),
        ("env_file", STR_OR_LIST),
        ("project_directory", Ty::Str),
    ],
};

static MODEL: Obj = Obj {
    name: "model",
    fields: &[
        ("name", Ty::Str),
        ("model", Ty::Str),
        ("context_size", Ty::Int),
        ("runtime_flags", STR_LIST),
    ],
};

/// A service.
pub(crate) static SERVICE: Obj = Obj {
    name: "service",
    fields: &[
        ("annotations", LIST_OR_DICT),
        ("attach", Ty::Bool),
        ("blkio_config", Ty::Obj(&BLKIO)),
        ("build", Ty::OneOf(&[Ty::Str, Ty::Obj(&BUILD)])),
        ("cap_add", STR_LIST),
        ("cap_drop", STR_LIST),
        ("cgroup", Ty::Enum(&["host", "private"])),
        ("cgroup_parent", Ty::Str),
        ("command", COMMAND),
        (
            "configs",
            Ty::List(&Ty::OneOf(&[Ty::Str, Ty::Obj(&FILE_REF)])),
        ),
        ("container_name", Ty::Str),
        ("cpu_count", Ty::Int),
        ("cpu_percent", Ty::Int),
        ("cpu_period", INT_OR_STR),
        ("cpu_quota", INT_OR_STR),
        ("cpu_rt_period", INT_OR_STR),
        ("cpu_rt_runtime", INT_OR_STR),
        ("cpu_shares", INT_OR_STR),
        ("cpus", Ty::Num),
        ("cpuset", Ty::Str),
        ("credential_spec", Ty::Obj(&CREDENTIAL_SPEC)),
        (
            "depends_on",
            Ty::OneOf(&[STR_LIST, Ty::Named(&Ty::Obj(&DEPENDENCY))]),
        ),
        ("deploy", Ty::OneOf(&[Ty::Null, Ty::Obj(&DEPLOY)])),
        ("develop", Ty::OneOf(&[Ty::Null, Ty::Obj(&DEVELOP)])),
        ("device_cgroup_rules", STR_LIST),
        (
            "devices",
            Ty::List(&Ty::OneOf(&[Ty::Str, Ty::Obj(&DEVICE)])),
        ),
        ("dns", STR_OR_LIST),
        ("dns_opt", STR_LIST),
        ("dns_search", STR_OR_LIST),
        ("domainname", Ty::Str),
        ("entrypoint", COMMAND),
        (
            "env_file",
            Ty::OneOf(&[
                Ty::Str,
                Ty::List(&Ty::OneOf(&[Ty::Str, Ty::Obj(&ENV_FILE)])),
            ]),
        ),
        ("environment", LIST_OR_DICT),
        ("expose", Ty::List(&INT_OR_STR)),
        ("extends", Ty::OneOf(&[Ty::Str, Ty::Obj(&EXTENDS)])),
        ("external_links", STR_LIST),
        (
            "extra_hosts",
            Ty::OneOf(&[STR_LIST, Ty::Map(&Ty::OneOf(&[Ty::Str, STR_LIST]))]),
        ),
        (
            "gpus",
            Ty::OneOf(&[Ty::Enum(&["all"]), Ty::List(&Ty::Obj(&DEVICE_REQUEST))]),
        ),
        ("group_add", Ty::List(&INT_OR_STR)),
        ("healthcheck", Ty::Obj(&HEALTHCHECK)),
        ("hostname", Ty::Str),
        ("image", Ty::Str),
        ("init", Ty::Bool),
        ("ipc", Ty::Str),
        ("isolation", Ty::Str),
        ("label_file", STR_OR_LIST),
        ("labels", LIST_OR_DICT),
        ("links", STR_LIST),
        ("logging", Ty::Obj(&LOGGING)),
        ("mac_address", Ty::Str),
        ("mem_limit", Ty::Size),
        ("mem_reservation", Ty::Size),
        ("mem_swappiness", Ty::Int),
        ("memswap_limit", Ty::Size),
        (
            "models",
            Ty::OneOf(&[
                STR_LIST,
                Ty::Named(&Ty::OneOf(&[Ty::Null, Ty::Obj(&MODEL_REF)])),
            ]),
        ),
        ("network_mode", Ty::Str),
        (
            "networks",
            Ty::OneOf(&[
                STR_LIST,
                Ty::Named(&Ty::OneOf(&[Ty::Null, Ty::Obj(&SERVICE_NETWORK)])),
            ]),
        ),
        ("oom_kill_disable", Ty::Bool),
        ("oom_score_adj", Ty::Int),
        ("pid", Ty::OneOf(&[Ty::Null, Ty::Str])),
        ("pids_limit", Ty::Int),
        ("platform", Ty::Str),
        ("ports", Ty::List(&Ty::OneOf(&[INT_OR_STR, Ty::Obj(&PORT)]))),
        ("post_start", Ty::List(&Ty::Obj(&HOOK))),
        ("pre_stop", Ty::List(&Ty::Obj(&HOOK))),
        ("privileged", Ty::Bool),
        ("profiles", STR_LIST),
        ("provider", Ty::Obj(&PROVIDER)),
        ("pull_policy", Ty::PullPolicy),
        ("pull_refresh_after", Ty::Str),
        ("read_only", Ty::Bool),
        ("restart", Ty::Restart),
        ("runtime", Ty::Str),
        ("scale", Ty::Int),
        (
            "secrets",
            Ty::List(&Ty::OneOf(&[Ty::Str, Ty::Obj(&FILE_REF)])),
        ),
        ("security_opt", STR_LIST),
        ("shm_size", Ty::Size),
        ("stdin_open", Ty::Bool),
        ("stop_grace_period", Ty::Duration),
        ("stop_signal", Ty::Str),
        ("storage_opt", Ty::Map(&Ty::Any)),
        ("sysctls", LIST_OR_DICT),
        ("tmpfs", STR_OR_LIST),
        ("tty", Ty::Bool),
        ("ulimits", Ty::Map(&Ty::OneOf(&[Ty::Int, Ty::Obj(&ULIMIT)]))),
        ("use_api_socket", Ty::Bool),
        ("user", Ty::Str),
        ("userns_mode", Ty::Str),
        ("uts", Ty::Str),
        (
            "volumes",
            Ty::List(&Ty::OneOf(&[Ty::Str, Ty::Obj(&SERVICE_VOLUME)])),
        ),
        ("volumes_from", STR_LIST),
        ("working_dir", Ty::Str),
    ],
};

static BUILD: Obj = Obj {
    name: "build",
    fields: &[
        ("additional_contexts", LIST_OR_DICT),
        ("args", LIST_OR_DICT),
        ("cache_from", STR_LIST),
        ("cache_to", STR_LIST),
        ("context", Ty::Str),
        ("dockerfile", Ty::Str),
        ("dockerfile_inline", Ty::Str),
        ("entitlements", STR_LIST),
        (
            "extra_hosts",
            Ty::OneOf(&[STR_LIST, Ty::Map(&Ty::OneOf(&[Ty::Str, STR_LIST]))]),
        ),
        ("isolation", Ty::Str),
        ("labels", LIST_OR_DICT),
        ("network", Ty::Str),
        ("no_cache", Ty::Bool),
        ("platforms", STR_LIST),
        ("privileged", Ty::Bool),
        ("provenance", Ty::OneOf(&[Ty::Bool, Ty::Str])),
        ("pull", Ty::Bool),
        ("sbom", Ty::OneOf(&[Ty::Bool, Ty::Str])),
        (
            "secrets",
            Ty::List(&Ty::OneOf(&[Ty::Str, Ty::Obj(&FILE_REF)])),
        ),
        ("shm_size", Ty::Size),
        ("ssh", LIST_OR_DICT),
        ("tags", STR_LIST),
        ("target", Ty::Str),
        ("ulimits", Ty::Map(&Ty::OneOf(&[Ty::Int, Ty::Obj(&ULIMIT)]))),
    ],
};

static BLKIO: Obj = Obj {
    name: "blkio_config",
    fields: &[
        ("device_read_bps", Ty::List(&Ty::Obj(&BLKIO_LIMIT))),
        ("device_read_iops", Ty::List(&Ty::Obj(&BLKIO_LIMIT))),
        ("device_write_bps", Ty::List(&Ty::Obj(&BLKIO_LIMIT))),
        ("device_write_iops", Ty::List(&Ty::Obj(&BLKIO_LIMIT))),
        ("weight", Ty::Int),
        ("weight_device", Ty::List(&Ty::Obj(&BLKIO_WEIGHT))),
    ],
};

static BLKIO_LIMIT: Obj = Obj {
    name: "blkio device limit",
    fields: &[("path", Ty::Str), ("rate", INT_OR_STR)],
};

static BLKIO_WEIGHT: Obj = Obj {
    name: "blkio device weight",
    fields: &[("path", Ty::Str), ("weight", Ty::Int)],
};

static CREDENTIAL_SPEC: Obj = Obj {
    name: "credential_spec",
    fields: &[
        ("config", Ty::Str),
        ("file", Ty::Str),
        ("registry", Ty::Str),
    ],
};

/// The long form of a `depends_on` entry.
static DEPENDENCY: Obj = Obj {
    name: "depends_on entry",
    fields: &[
        (
            "condition",
            Ty::Enum(&[
                "service_started",
                "service_healthy",
                "service_completed_successfully",
            ]),
        ),
        ("required", Ty::Bool),
        ("restart", Ty::Bool),
    ],
};

static DEPLOY: Obj = Obj {
    name: "deploy",
    fields: &[
        ("endpoint_mode", Ty::Enum(&["vip", "dnsrr"])),
        ("labels", LIST_OR_DICT),
        (
            "mode",
            Ty::Enum(&["replicated", "global", "replicated-job", "global-job"]),
        ),
        ("placement", Ty::Obj(&PLACEMENT)),
        ("replicas", Ty::Int),
        ("resources", Ty::Obj(&RESOURCES)),
        ("restart_policy", Ty::Obj(&RESTART_POLICY)),
        ("rollback_config", Ty::Obj(&UPDATE_CONFIG)),
        ("update_config", Ty::Obj(&UPDATE_CONFIG)),
    ],
};

static PLACEMENT: Obj = Obj {
    name: "placement",
    fields: &[
        ("constraints", STR_LIST),
        ("max_replicas_per_node", Ty::Int),
        ("preferences", Ty::List(&Ty::Obj(&PREFERENCE))),
    ],
};

static PREFERENCE: Obj = Obj {
    name: "placement preference",
    fields: &[("spread", Ty::Str)],
};

static RESOURCES: Obj = Obj {
    name: "resources",
    fields: &[
        ("limits", Ty::Obj(&LIMITS)),
        ("reservations", Ty::Obj(&RESERVATIONS)),
    ],
};

static LIMITS: Obj = Obj {
    name: "resource limits",
    fields: &[("cpus", Ty::Num), ("memory", Ty::Size), ("pids", Ty::Int)],
};

static RESERVATIONS: Obj = Obj {
    name: "resource reservations",
    fields: &[
        ("cpus", Ty::Num),
        ("devices", Ty::List(&Ty::Obj(&DEVICE_REQUEST))),
        ("generic_resources", Ty::List(&Ty::Obj(&GENERIC_RESOURCE))),
        ("memory", Ty::Size),
    ],
};

static DEVICE_REQUEST: Obj = Obj {
    name: "device request",
    fields: &[
        ("capabilities", STR_LIST),
        ("count", Ty::OneOf(&[Ty::Int, Ty::Enum(&["all"])])),
        ("device_ids", STR_LIST),
        ("driver", Ty::Str),
        ("options", LIST_OR_DICT),
    ],
};

static GENERIC_RESOURCE: Obj = Obj {
    name: "generic resource",
    fields: &[("discrete_resource_spec", Ty::Obj(&DISCRETE_RESOURCE))],
};

static DISCRETE_RESOURCE: Obj = Obj {
    name: "discrete resource",
    fields: &[("kind", Ty::Str), ("value", Ty::Num)],
};

static RESTART_POLICY: Obj = Obj {
    name: "restart_policy",
    fields: &[
        ("condition", Ty::Enum(&["none", "on-failure", "any"])),
        ("delay", Ty::Duration),
        ("max_attempts", Ty::Int),
        ("window", Ty::Duration),
    ],
};

static UPDATE_CONFIG: Obj = Obj {
    name: "update_config",
    fields: &[
        ("delay", Ty::Duration),
        (
            "failure_action",
            Ty::Enum(&["continue", "rollback", "pause"]),
        ),
        ("max_failure_ratio", Ty::Num),
        ("monitor", Ty::Duration),
        ("order", Ty::Enum(&["start-first", "stop-first"])),
        ("parallelism", Ty::Int),
    ],
};

static DEVELOP: Obj = Obj {
    name: "develop",
    fields: &[("watch", Ty::List(&Ty::Obj(&WATCH)))],
};

static WATCH: Obj = Obj {
    name: "watch rule",
    fields: &[
        (
            "action",
            Ty::Enum(&["sync", "rebuild", "restart", "sync+restart", "sync+exec"]),
        ),
        ("exec", Ty::Obj(&HOOK)),
        ("ignore", STR_OR_LIST),
        ("include", STR_OR_LIST),
        ("initial_sync", Ty::Bool),
        ("path", Ty::Str),
        ("target", Ty::Str),
    ],
};

static HOOK: Obj = Obj {
    name: "lifecycle hook",
    fields: &[
        ("command", COMMAND),
        ("environment", LIST_OR_DICT),
        ("privileged", Ty::Bool),
        ("user", Ty::Str),
        ("working_dir", Ty::Str),
    ],
};

static DEVICE: Obj = Obj {
    name: "device",
    fields: &[
        ("permissions", Ty::Str),
        ("source", Ty::Str),
        ("target", Ty::Str),
    ],
};

static ENV_FILE: Obj = Obj {
    name: "env_file entry",
    fields: &[
        ("format", Ty::Str),
        ("path", Ty::Str),
        ("required", Ty::Bool),
    ],
};

static EXTENDS: Obj = Obj {
    name: "extends",
    fields: &[("file", Ty::Str), ("service", Ty::Str)],
};

/// A service's healthcheck.
pub(crate) static HEALTHCHECK: Obj = Obj {
    name: "healthcheck",
    fields: &[
        ("disable", Ty::Bool),
        ("interval", Ty::Duration),
        ("retries", Ty::Int),
        ("start_interval", Ty::Duration),
        ("start_period", Ty::Duration),
        ("test", STR_OR_LIST),
        ("timeout", Ty::Duration),
    ],
};

static LOGGING: Obj = Obj {
    name: "logging",
    fields: &[
        ("driver", Ty::Str),
        ("options", Ty::OneOf(&[Ty::Null, Ty::Map(&SCALAR_OR_NULL)])),
    ],
};

static MODEL_REF: Obj = Obj {
    name: "service model",
    fields: &[("endpoint_var", Ty::Str), ("model_var", Ty::Str)],
};

static SERVICE_NETWORK: Obj = Obj {
    name: "service network",
    fields: &[
        ("aliases", STR_LIST),
        ("driver_opts", Ty::Map(&Ty::Scalar)),
        ("gw_priority", Ty::Int),
        ("interface_name", Ty::Str),
        ("ipv4_address", Ty::Str),
        ("ipv6_address", Ty::Str),
        ("link_local_ips", STR_LIST),
        ("mac_address", Ty::Str),
        ("priority", Ty::Int),
    ],
};

/// The long syntax of a published port.
static PORT: Obj = Obj {
    name: "port",
    fields: &[
        ("app_protocol", Ty::Str),
        ("host_ip", Ty::Str),
        ("mode", Ty::Enum(&["host", "ingress"])),
        ("name", Ty::Str),
        ("protocol", Ty::Enum(&["tcp", "udp", "sctp"])),
        ("published", INT_OR_STR),
        ("target", Ty::Int),
    ],
};

static PROVIDER: Obj = Obj {
    name: "provider",
    fields: &[("options", Ty::Map(&Ty::Any)), ("type", Ty::Str)],
};

/// The long syntax of a service's secret or config.
static FILE_REF: Obj = Obj {
    name: "secret or config reference",
    fields: &[
        ("gid", Ty::Str),
        ("mode", Ty::Int),
        ("source", Ty::Str),
        ("target", Ty::Str),
        ("uid", Ty::Str),
    ],
};

static ULIMIT: Obj = Obj {
    name: "ulimit",
    fields: &[("hard", Ty::Int), ("soft", Ty::Int)],
};

/// The long syntax of a service's volume.
static SERVICE_VOLUME: Obj = Obj {
    name: "volume mount",
    fields: &[
        ("bind", Ty::Obj(&BIND_OPTIONS)),
        ("consistency", Ty::Str),
        ("image", Ty::Obj(&IMAGE_OPTIONS)),
        ("read_only", Ty::Bool),
        ("source", Ty::Str),
        ("target", Ty::Str),
        ("tmpfs", Ty::Obj(&TMPFS_OPTIONS)),
        (
            "type",
            Ty::Enum(&["bind", "volume", "tmpfs", "npipe", "cluster", "image"]),
        ),
        ("volume", Ty::Obj(&VOLUME_OPTIONS)),
    ],
};

static BIND_OPTIONS: Obj = Obj {
    name: "bind options",
    fields: &[
        ("create_host_path", Ty::Bool),
        (
            "propagation",
            Ty::Enum(&[
                "private", "rprivate", "shared", "rshared", "slave", "rslave",
            ]),
        ),
        (
            "recursive",
            Ty::Enum(&["enabled", "disabled", "writable", "readonly"]),
        ),
        ("selinux", Ty::Enum(&["z", "Z"])),
    ],
};

static VOLUME_OPTIONS: Obj = Obj {
    name: "volume options",
    fields: &[("nocopy", Ty::Bool), ("subpath", Ty::Str)],
};

static IMAGE_OPTIONS: Obj = Obj {
    name: "image options",
    fields: &[("subpath", Ty::Str)],
};

static TMPFS_OPTIONS: Obj = Obj {
    name: "tmpfs options",
    fields: &[("mode", INT_OR_STR), ("size", Ty::Size)],
};

/// A top-level network.
static NETWORK: Obj = Obj {
    name: "network",
    fields: &[
        ("attachable", Ty::Bool),
        ("driver", Ty::Str),
        ("driver_opts", Ty::Map(&Ty::Scalar)),
        ("enable_ipv4", Ty::Bool),
        ("enable_ipv6", Ty::Bool),
        ("external", EXTERNAL),
        ("internal", Ty::Bool),
        ("ipam", Ty::Obj(&IPAM)),
        ("labels", LIST_OR_DICT),
        ("name", Ty::Str),
    ],
};

static IPAM: Obj = Obj {
    name: "ipam",
    fields: &[
        ("config", Ty::List(&Ty::Obj(&IPAM_POOL))),
        ("driver", Ty::Str),
        ("options", Ty::Map(&Ty::Str)),
    ],
};

static IPAM_POOL: Obj = Obj {
    name: "ipam pool",
    fields: &[
        ("aux_addresses", Ty::Map(&Ty::Str)),
        ("gateway", Ty::Str),
        ("ip_range", Ty::Str),
        ("subnet", Ty::Str),
    ],
};

/// A top-level volume.
static VOLUME: Obj = Obj {
    name: "volume",
    fields: &[
        ("driver", Ty::Str),
        ("driver_opts", Ty::Map(&Ty::Scalar)),
        ("external", EXTERNAL),
        ("labels", LIST_OR_DICT),
        ("name", Ty::Str),
    ],
};

/// A top-level secret.
static SECRET: Obj = Obj {
    name: "secret",
    fields: &[
        ("driver", Ty::Str),
        ("driver_opts", Ty::Map(&Ty::Scalar)),
        ("environment", Ty::Str),
        ("external", EXTERNAL),
        ("file", Ty::Str),
        ("labels", LIST_OR_DICT),
        ("name", Ty::Str),
        ("template_driver", Ty::Str),
    ],
};

/// A top-level config.
static CONFIG: Obj = Obj {
    name: "config",
    fields: &[
        ("content", Ty::Str),
        ("environment", Ty::Str),
        ("external", EXTERNAL),
        ("file", Ty::Str),
        ("labels", LIST_OR_DICT),
        ("name", Ty::Str),
        ("template_driver", Ty::Str),
    ],
};
