/*
 * Iru source-plugin ABI, version 1.1 (1.0 plus extensions, the summary record type, REJECTED).
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
 *   - Optional features are extensions: a table looked up by a versioned id ("iru.<name>/<n>")
 *     through get_extension of either side, which answers NULL for an id it does not offer.
 *
 * Thread contract tags used below:
 *   [any-thread]    may be called from any thread, concurrently with anything.
 *   [instance]      calls for one instance are never concurrent with each other (except cancel).
 *   [during-call]   the host service may be called only while create, collect or an extension
 *                   function (1.1) of that instance runs.
 */
#ifndef IRU_SOURCE_PLUGIN_H
#define IRU_SOURCE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IRU_PLUGIN_ABI_MAJOR 1u
#define IRU_PLUGIN_ABI_MINOR 1u

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
#define IRU_STATUS_REJECTED 11 /* 1.1: the host refused this record or state value; carry on */

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

    /* Hands one record to the host, which copies it. Returns IRU_STATUS_OK, IRU_STATUS_REJECTED
     * when the host refused the record (it counts and reports it; the plugin carries on; a 1.0 host
     * says IRU_STATUS_BAD_CONFIG), or IRU_STATUS_CANCELLED when the host wants the collection to
     * stop. */
    int32_t (*emit)(const struct iru_host *host, const iru_record *record);

    /* Advisory progress report. */
    void (*progress)(const struct iru_host *host, const iru_progress *progress);

    /* Returns non-zero when the host wants the running collection to stop. Cheap; poll often. */
    int32_t (*should_cancel)(const struct iru_host *host);

    /* Key-value state scoped to this source, kept by the host across runs. Keys are NUL-terminated
     * ASCII of at most 128 bytes; values at most 64 KiB. state_get lends the value like
     * get_credential and returns IRU_STATUS_NOT_FOUND when absent. state_set copies the value;
     * a NULL value deletes the key, and returns IRU_STATUS_REJECTED when the host refused the key
     * or value (a 1.0 host says IRU_STATUS_BAD_CONFIG). The host persists state when collect
     * returns. */
    int32_t (*state_get)(const struct iru_host *host, const char *key, iru_lend_fn use, void *ctx);
    int32_t (*state_set)(const struct iru_host *host, const char *key, const char *value,
                         uint64_t value_len);

    /* ---- ABI 1.1 (read only when IRU_STRUCT_HAS(host, iru_host, get_extension)) ---- */

    /* The host's table for the extension id (NUL-terminated, "iru.<name>/<n>"), or NULL when the
     * host does not offer it. The table is const, starts with uint32_t struct_size, and stays valid
     * as long as host does. Calls nothing of the plugin. [during-call] */
    const void *(*get_extension)(const struct iru_host *host, const char *id);
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

    /* ---- ABI 1.1 ---- */
    /* The record type of the run summary (one of record_types), emitted once, last, by collect; its
     * data carries the generic part described in plugin_api/README.md. NULL when the plugin emits
     * none. A host finds the summary by this name only. */
    const char *summary_record_type;
} iru_plugin_descriptor;

/* Opaque instance, owned by the plugin, freed only by destroy(). */
typedef struct iru_instance iru_instance;

/* ---- Plugin functions --------------------------------------------------------------------------
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
     * [instance] The per-thread message must not keep the library loaded: no thread_local with a
     * destructor (a trivially destructible buffer is fine). */
    const char *(*last_error)(const iru_instance *instance);

    /* ---- ABI 1.1 (read only when IRU_STRUCT_HAS(table, iru_source_plugin, get_extension)) ---- */

    /* The plugin's table for the extension id ("iru.<name>/<n>"), or NULL when it does not offer
     * it. With instance NULL it answers for the library (what any instance may offer); with an
     * instance, for that instance. The table is const, starts with uint32_t struct_size, and stays
     * valid while the library is loaded. Calls nothing of the host. [any-thread] */
    const void *(*get_extension)(const iru_instance *instance, const char *id);
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
 * IRU_SOURCE_PLUGIN_ENTRY_SYMBOL: #define IRU_SOURCE_PLUGIN_DEFINE_ENTRY   (before including this
 * header) IRU_PLUGIN_EXPORT const iru_plugin_entry iru_source_plugin_entry = {
 * sizeof(iru_plugin_entry), { IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR }, my_negotiate }; With
 * IRU_SOURCE_PLUGIN_DEFINE_ENTRY defined the header declares the object, so the compiler checks the
 * definition's type, and in C++ gives it external C linkage (a namespace-scope const would
 * otherwise have internal linkage and not be exported). A host leaves the macro undefined and finds
 * the object with dlsym. */
#if defined(_WIN32)
#define IRU_PLUGIN_EXPORT __declspec(dllexport)
#else
#define IRU_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#ifdef IRU_SOURCE_PLUGIN_DEFINE_ENTRY
IRU_PLUGIN_EXPORT extern const iru_plugin_entry iru_source_plugin_entry;
#endif

/* ---- Extensions ---------------------------------------------------------------------------------
 */
/* Ids are NUL-terminated "iru.<name>/<n>"; <n> grows when an extension changes incompatibly (then
 * it is a new extension, and a peer may offer both). Every table starts with uint32_t struct_size
 * and follows the rules of the core tables: append-only, read up to the size it declares. */

/* iru.check/1, offered by a plugin: a troubleshooting report for `check` commands. */
#define IRU_EXT_CHECK "iru.check/1"

typedef struct iru_check_ext {
    uint32_t struct_size;

    /* Checks what the instance's configuration and credentials can reach, with the few requests
     * that takes, and lends the report to use(ctx, json, len) once: a UTF-8 JSON object of the
     * shape documented in plugin_api/README.md (identity, scopes, findings, budget). Emits no
     * records and writes no state; it may call log, get_credential, progress, should_cancel and
     * state_get while it runs, and cancel() aborts it like a collect. Returns IRU_STATUS_OK when
     * the report was lent (whatever it found), otherwise a status with last_error(instance) saying
     * why; a report may still have been lent then (e.g. explaining a rejected credential). Never
     * concurrent with collect. [instance] */
    int32_t (*run_check)(iru_instance *instance, iru_lend_fn use, void *ctx);
} iru_check_ext;

/* iru.carry_forward/1, offered by a host: incremental collection. A plugin that re-reads only some
 * parts of its system in a run (its "scopes", e.g. one app each) emits the records it reads with
 * their scope and asks the host to copy every other scope's records, unchanged, from the source's
 * last snapshot: the run's records are then still a complete snapshot, and each carried record
 * keeps the observed_at, run_id and digest of the run that really observed it.
 *
 * The last snapshot is the source's latest finished run (complete or partial) written by the same
 * plugin, whose records file matches the sha256 its summary states. A host with no such run (the
 * first run, a corrupted or truncated snapshot, another plugin) answers IRU_STATUS_NOT_FOUND to
 * every call that needs one. A host without the extension (a 1.0 host, or a 1.1 host that does
 * not offer it) answers NULL to get_extension: the plugin then collects everything with emit.
 *
 * A scope is NUL-terminated printable ASCII (0x20-0x7e) of 1 to IRU_SCOPE_MAX_BYTES bytes, chosen
 * by the plugin and stable across runs for the same part of its system. In one run a scope is
 * either emitted (emit_scoped) or carried (carry_forward), never both, and carried at most once,
 * so no record is written twice. The host knows a scope only through its records: a scope whose
 * last read found nothing cannot be carried (NOT_FOUND) and is read again.
 *
 * The first call of carry_forward or last_snapshot reads the snapshot's records file once (checks
 * its sha256, indexes where each scope's records are); later calls read only a scope's records.
 *
 * Every function is [during-call] and follows the host services' rules: the plugin serializes its
 * calls to them with its other host calls. The table is owned by the host, valid as long as host.
 */
#define IRU_EXT_CARRY_FORWARD "iru.carry_forward/1"
#define IRU_SCOPE_MAX_BYTES 128u

/* What last_snapshot tells about the snapshot carry_forward copies from. The caller sets
 * struct_size to the size it knows; the host fills only the fields that fit. */
typedef struct iru_snapshot_info {
    uint32_t struct_size;
    const char *run_id;      /* NUL-terminated; owned by the host, valid as long as host */
    const char *finished_at; /* when that run finished, RFC 3339 UTC; owned like run_id */
    uint64_t records;        /* records in the snapshot, scoped or not */
    int32_t status;          /* IRU_STATUS_OK: that run was complete; IRU_STATUS_PARTIAL: it had
                                gaps (its summary names them), which carried scopes bring along */
} iru_snapshot_info;

typedef struct iru_carry_forward_ext {
    uint32_t struct_size;

    /* Like iru_host.emit, and the host writes scope into the record's envelope so that a later run
     * can carry the record forward. record and scope are lent for the call. Returns what emit
     * returns; IRU_STATUS_REJECTED also when scope is NULL, not a valid scope, or already carried
     * in this run (nothing is written then). [during-call] */
    int32_t (*emit_scoped)(const struct iru_host *host, const iru_record *record,
                           const char *scope);

    /* Copies every record of scope from the last snapshot into this run, byte for byte (each keeps
     * its observed_at, run_id, digest and scope). A record is copied only when it is still a valid
     * envelope of this source of a record type the plugin declares; the host counts the others in
     * its run summary and skips them. scope is lent for the call; *copied (when copied is not
     * NULL) is set on every return to the records written by this call. Returns
     *   IRU_STATUS_OK         the scope's records were written (*copied >= 1);
     *   IRU_STATUS_NOT_FOUND  no usable snapshot, or it holds no record of scope that may be
     *                         copied: nothing written, the plugin reads the scope itself;
     *   IRU_STATUS_REJECTED   scope is NULL or invalid, already carried, or already emitted with
     *                         emit_scoped in this run: nothing written;
     *   IRU_STATUS_CANCELLED  like emit: the host wants the collection to stop (the records
     *                         written so far stay; the scope counts as carried).
     * [during-call] */
    int32_t (*carry_forward)(const struct iru_host *host, const char *scope, uint64_t *copied);

    /* Fills info (see iru_snapshot_info) and returns IRU_STATUS_OK when there is a usable
     * snapshot, else IRU_STATUS_NOT_FOUND (info untouched): lets the plugin
     * decide up front between an incremental and a full collection. IRU_STATUS_BAD_CONFIG when
     * info is NULL. [during-call] */
    int32_t (*last_snapshot)(const struct iru_host *host, iru_snapshot_info *info);
} iru_carry_forward_ext;

#ifdef __cplusplus
}
#endif

#endif /* IRU_SOURCE_PLUGIN_H */
