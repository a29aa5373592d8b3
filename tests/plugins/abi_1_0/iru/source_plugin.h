/*
 * Iru source-plugin ABI, version 1.0.
 *
 * A source plugin is a shared library that reads evidence from one kind of system and streams it to
 * the host as records. This header is the whole contract between the two. It is plain C (C11 and
 * C++), and it is stable: see plugin_api/README.md for the versioning rules.
 *
 * Shape:
 *   - The plugin exports exactly one symbol, IRU_SOURCE_PLUGIN_ENTRY_SYMBOL
 *     ("iru_source_plugin_entry"), a const iru_plugin_entry. Everything else is reached through
 * function tables.
 *   - The host reads entry.abi_version first and refuses a plugin whose major it does not speak. It
 *     then calls entry.negotiate() with its own version; the plugin refuses (returns NULL) a host
 *     major it does not speak. Nothing else is called before that.
 *   - Every struct starts with struct_size. A reader touches a field only when
 *     offsetof(field) + sizeof(field) <= struct_size (IRU_STRUCT_HAS). Tables are append-only.
 *   - Only fixed-width integers, pointers and pointer + length cross the boundary. No C++ type and
 * no exception ever does: every function of either side returns normally.
 *   - Whoever allocates frees. Memory passed into a call is lent for that call only, unless the
 *     function says otherwise.
 *
 * Thread contract tags used below:
 *   [any-thread]    may be called from any thread, concurrently with anything.
 *   [instance]      calls for one instance are never concurrent with each other (except cancel).
 *   [during-call]   the host service may be called only while create or collect of that instance
 * runs.
 */
#ifndef IRU_SOURCE_PLUGIN_H
#define IRU_SOURCE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IRU_PLUGIN_ABI_MAJOR 1u
#define IRU_PLUGIN_ABI_MINOR 0u

/* The name of the single exported symbol: a const iru_plugin_entry. */
#define IRU_SOURCE_PLUGIN_ENTRY_SYMBOL "iru_source_plugin_entry"

/* True when the struct pointed to by p, of the size it declares, contains member m. */
#define IRU_STRUCT_HAS(p, type, m) \
    ((p) != NULL && (size_t)(p)->struct_size >= offsetof(type, m) + sizeof(((type *)0)->m))

typedef struct iru_abi_version {
    uint32_t major; /* a different major is incompatible, in both directions */
    uint32_t minor; /* a higher minor only appends fields and functions */
} iru_abi_version;

/* ---- Status codes (int32_t; never an enum across the boundary) ----------------------------------
 */
#define IRU_STATUS_OK 0                /* complete */
#define IRU_STATUS_PARTIAL 1           /* finished with gaps; the summary record names them */
#define IRU_STATUS_AUTH_FAILED 2       /* the credential was rejected (missing, wrong, expired) */
#define IRU_STATUS_PERMISSION_DENIED 3 /* the credential is valid but not allowed to read */
#define IRU_STATUS_RATE_LIMITED 4      /* the remote rate limit could not be waited out in time */
#define IRU_STATUS_NETWORK 5           /* connection, TLS, timeout or repeated server failure */
#define IRU_STATUS_BAD_CONFIG 6        /* options or credentials configuration are invalid */
#define IRU_STATUS_CANCELLED 7         /* cancel() was called or should_cancel() said so */
#define IRU_STATUS_INTERNAL 8          /* a defect; the message says what */
#define IRU_STATUS_UNSUPPORTED 9       /* an ABI version or feature the other side lacks */
#define IRU_STATUS_NOT_FOUND 10        /* host services: no such credential or state key */

/* ---- Log levels ---------------------------------------------------------------------------------
 */
#define IRU_LOG_DEBUG 0
#define IRU_LOG_INFO 1
#define IRU_LOG_WARN 2
#define IRU_LOG_ERROR 3

/* ---- Records ------------------------------------------------------------------------------------
 */
/* One evidence record. Lent to the host for the duration of emit(); the host copies what it keeps.
 */
typedef struct iru_record {
    uint32_t struct_size;
    const char *type; /* NUL-terminated record type, e.g. "heroku.app" */
    const char *key;  /* NUL-terminated, stable across runs for the same object */
    const char *data; /* UTF-8 JSON object, data_len bytes, not necessarily NUL-terminated */
    uint64_t data_len;
} iru_record;

/* Progress, advisory only. Lent for the duration of progress(). */
typedef struct iru_progress {
    uint32_t struct_size;
    uint64_t records_emitted;
    uint64_t requests_made;
    int64_t rate_limit_remaining; /* -1 when unknown */
    const char *phase;            /* NUL-terminated short text, e.g. "apps 120/2500"; may be NULL */
} iru_progress;

/* Receives a lent value: bytes are valid only until this callback returns. Must not call back into
 * the host. ctx is the pointer given to the host service. */
typedef void (*iru_lend_fn)(void *ctx, const char *value, uint64_t value_len);

/* ---- Host services ------------------------------------------------------------------------------
 */
/* Provided by the host, one per plugin instance. The host owns it; it stays valid from create()
 * until destroy() returns. Every service is [during-call]. The plugin serializes its own calls to
 * the services of one instance (no two run at once), though they may come from any of its threads.
 */
typedef struct iru_host {
    uint32_t struct_size;
    iru_abi_version abi_version; /* the host's ABI version */
    void *host_data;             /* the host's own pointer; the plugin never touches it */
    const char *host_name;       /* NUL-terminated, for User-Agent and logs */
    const char *host_version;

    /* Writes one log line. msg is NUL-terminated UTF-8 and must not contain secrets. */
    void (*log)(const struct iru_host *host, int32_t level, const char *msg);

    /* Lends the credential named `name` (one of the descriptor's credential_names): calls use(ctx,
     * secret, len) once and returns IRU_STATUS_OK, or returns IRU_STATUS_NOT_FOUND /
     * IRU_STATUS_BAD_CONFIG with use not called. The secret is valid only inside use(); the host
     * may wipe it right after. The plugin keeps its copy no longer than it needs it. */
    int32_t (*get_credential)(const struct iru_host *host, const char *name, iru_lend_fn use,
                              void *ctx);

    /* Hands one record to the host, which copies it. Returns IRU_STATUS_OK, IRU_STATUS_BAD_CONFIG
     * when the host rejected the record (it counts and reports it; the plugin carries on), or
     * IRU_STATUS_CANCELLED when the host wants the collection to stop. */
    int32_t (*emit)(const struct iru_host *host, const iru_record *record);

    /* Advisory progress report. */
    void (*progress)(const struct iru_host *host, const iru_progress *progress);

    /* Returns non-zero when the host wants the running collection to stop. Cheap; poll often. */
    int32_t (*should_cancel)(const struct iru_host *host);

    /* Key-value state scoped to this source, kept by the host across runs. Keys are NUL-terminated
     * ASCII of at most 128 bytes; values at most 64 KiB. state_get lends the value like
     * get_credential and returns IRU_STATUS_NOT_FOUND when absent. state_set copies the value;
     * a NULL value deletes the key. The host persists state when collect returns. */
    int32_t (*state_get)(const struct iru_host *host, const char *key, iru_lend_fn use, void *ctx);
    int32_t (*state_set)(const struct iru_host *host, const char *key, const char *value,
                         uint64_t value_len);
} iru_host;

/* ---- Plugin description -------------------------------------------------------------------------
 */
/* Owned by the plugin, valid and unchanging while the library is loaded. [any-thread] */
typedef struct iru_plugin_descriptor {
    uint32_t struct_size;
    const char *id;      /* e.g. "heroku"; matches the manifest */
    const char *name;    /* human name */
    const char *version; /* plugin version, semver */
    const char *description;
    const char *const *record_types;     /* NULL-terminated list */
    const char *const *credential_names; /* NULL-terminated list */
    const char *options_schema;          /* JSON Schema (draft 2020-12) of the options object */
} iru_plugin_descriptor;

/* Opaque instance, owned by the plugin, freed only by destroy(). */
typedef struct iru_instance iru_instance;

/* ---- Plugin functions (ABI 1.0) -----------------------------------------------------------------
 */
typedef struct iru_source_plugin {
    uint32_t struct_size;

    /* Returns the plugin's descriptor. [any-thread] */
    const iru_plugin_descriptor *(*describe)(void);

    /* Creates an instance from an options JSON object (options_len bytes; "{}" for defaults).
     * host must stay valid until destroy(). Unknown or ill-typed options give IRU_STATUS_BAD_CONFIG
     * with a message naming the option. On IRU_STATUS_OK *out is a new instance; otherwise *out is
     * NULL and last_error(NULL) on the same thread says why. [any-thread] */
    int32_t (*create)(const iru_host *host, const char *options_json, uint64_t options_len,
                      iru_instance **out);

    /* Runs one collection: blocks until done, streams records through host->emit, and returns a
     * status. IRU_STATUS_PARTIAL means records were collected with gaps. May be called again after
     * it returns. [instance] */
    int32_t (*collect)(iru_instance *instance);

    /* Asks a running collect to stop: aborts in-flight I/O; collect then returns
     * IRU_STATUS_CANCELLED promptly (within about a second). Harmless when nothing runs.
     * [any-thread], including concurrently with collect. */
    void (*cancel)(iru_instance *instance);

    /* Frees the instance. Not while collect runs. instance may be NULL. [instance] */
    void (*destroy)(iru_instance *instance);

    /* The message of the last failed call on instance, or of the last failed create() on the
     * calling thread when instance is NULL; "" when none. Owned by the plugin, valid until the next
     * call on that instance (or the next create on that thread). Never contains a secret.
     * [instance] */
    const char *(*last_error)(const iru_instance *instance);
} iru_source_plugin;

/* ---- The exported entry -------------------------------------------------------------------------
 */
typedef struct iru_plugin_entry {
    uint32_t struct_size;
    iru_abi_version abi_version; /* the plugin's ABI version; read before anything else */

    /* Given the host's ABI version, returns the plugin's function table (static lifetime), or NULL
     * when the plugin does not speak the host's major. Calls nothing of the host. [any-thread] */
    const iru_source_plugin *(*negotiate)(const iru_abi_version *host_abi_version);
} iru_plugin_entry;

/* A plugin defines exactly one exported object of this type, named by
 * IRU_SOURCE_PLUGIN_ENTRY_SYMBOL: IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry
 * = { sizeof(iru_plugin_entry), { IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR }, my_negotiate }; In
 * C++ write `extern "C" IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = ...;`:
 * a namespace-scope const without `extern` has internal linkage and would not be exported. */
#if defined(_WIN32)
#define IRU_PLUGIN_EXPORT __declspec(dllexport)
#else
#define IRU_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
}
#endif

#endif /* IRU_SOURCE_PLUGIN_H */
