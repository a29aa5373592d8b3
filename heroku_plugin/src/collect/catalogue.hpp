// The catalogue: every record type the plugin emits, declared once as data. A row says where the
// items come from (path template, scope, paging, the conditions it is read under), what a 403 or a
// 404 means, how the record key is built, which references the plugin adds, and the fields a
// record keeps (Heroku's names, nested objects included) with the scrubber of each free-form field.
// The collector walks these rows; the descriptor's record types, the manifest, the record schemas
// and the README's record list are generated from them or checked against them by tests.
// Immutable static data: safe to read from any thread.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::heroku {

// JSON types a field may hold, as bits.
namespace json_type {
inline constexpr unsigned null = 1U << 0;
inline constexpr unsigned boolean = 1U << 1;
inline constexpr unsigned integer = 1U << 2;
inline constexpr unsigned number = 1U << 3;  // any number, integers included
inline constexpr unsigned string = 1U << 4;
inline constexpr unsigned object = 1U << 5;
inline constexpr unsigned array = 1U << 6;
}  // namespace json_type

// What a free-form string field goes through before it is kept (collect/scrubbers.hpp).
enum class Scrubber { none, url, command, text };

struct Field {
    std::string_view name;
    unsigned types = 0;                  // json_type bits of the value; 0: known, never kept
    Scrubber scrub = Scrubber::none;     // for string values (and string items of an array)
    std::span<const Field> fields = {};  // members kept of an object value or of object items
    unsigned items = 0;                  // json_type bits of array items (arrays only)
    bool required = false;               // always present in a record (schemas say so)
    bool date_time = false;              // an RFC 3339 timestamp (schemas say so)
};

// A field Heroku documents that a record leaves out on purpose (a secret, or data no audit needs):
// dropped without being reported as not recognized, and absent from the record's schema.
constexpr Field never_kept(std::string_view name) { return Field{name}; }

// What a row's items belong to; the path template's placeholder names it.
enum class Scope { account, team, enterprise_account, space, pipeline, app };

// The generations of the Heroku platform, as bits: a row names those that offer its endpoint.
namespace generation {
inline constexpr unsigned cedar = 1U << 0;
inline constexpr unsigned fir = 1U << 1;
}  // namespace generation

// The bit of a generation's name ("cedar", "fir"); 0 for another name or none.
unsigned generation_bit(std::string_view name) noexcept;

// True when a row whose endpoint the generations bits offer (0: every generation) is read for an
// app or a space of generation bit (0: not stated, then only rows for every generation are read).
constexpr bool generation_offers(unsigned generations, unsigned bit) noexcept {
    return generations == 0 || (generations & bit) != 0;
}

// When a row is read at all.
enum class Condition {
    always,
    team_admin,       // the token's user is an admin of the team (the team's access matrix)
    enterprise_view,  // the token may view the enterprise account's members
    domain_uses_sni,  // one of the app's domains names an SNI endpoint
    releases_wanted,  // releases_per_app > 0 (and it is the list's limit)
    no_team_matrix,   // the app is not covered by a team access matrix that was read
};

// How an item of an account-wide list is tied to the selection.
enum class Link {
    none,
    item_app,      // item.app.id: one of the selected apps (left out when filters are in use)
    owner_team,    // item.owner, when its type is "team": a selected team
    item_team,     // item.team: a selected team
    app_pipeline,  // item.app.id and item.pipeline.id (a pipeline read before)
    entity_app,    // item.id is a selected app (a team access matrix entity); team from scope
};

// References the plugin adds to a record's data (overwriting Heroku's field of that name).
namespace attach {
inline constexpr unsigned app = 1U << 0;
inline constexpr unsigned team = 1U << 1;
inline constexpr unsigned enterprise_account = 1U << 2;
inline constexpr unsigned pipeline = 1U << 3;
inline constexpr unsigned space = 1U << 4;
}  // namespace attach

// Which reference's id prefixes the key ("<app id>/<id>").
enum class KeyPrefix { none, app, team, enterprise_account, space, pipeline };

// Reshapes an answer before the allow-list applies, when a type's data is not Heroku's object as
// it is (config var names, permission names, the access matrix, the matched token). Returns the
// items to record (zero or more). Pure; throws std::invalid_argument for an answer of the wrong
// shape.
using Reshape = std::vector<nlohmann::json> (*)(const nlohmann::json& answer);

struct Paging {
    bool list = true;                   // false: one object (GET of a single resource)
    std::string_view attribute = "id";  // the Range attribute
    bool descending = false;
    // One list per UTC day, path + "?day=YYYY-MM-DD", the days from the audit cursor
    // (collect/audit_cursor.hpp): an enterprise account's audit trail.
    bool per_day = false;
};

struct Row {
    std::string_view type;            // "heroku.formation"
    std::string_view path;            // "/apps/{app}/formation"
    std::string_view team_path = {};  // for a team's app, when it differs
    Scope scope = Scope::account;
    Paging paging = {};
    Condition condition = Condition::always;
    Link link = Link::none;
    // The generations (generation:: bits) whose apps or spaces offer the endpoint; 0: every one.
    // Not read for another: a space's row is then listed in the summary's not_offered.
    unsigned generations = 0;
    std::string_view gap_403;  // gap kind of a 403 (gap_kind::...)
    std::string_view gap_404;  // gap kind of a 404 (space rows: a 404 or 422 is not_offered)
    // For a single object whose 404 means "none configured" (a pipeline's review app config): a
    // record holds this boolean field, true for an answer; a 404 is recorded as a record of the
    // key and references with the field false (absent_record), never as a gap. gap_404 is empty.
    std::string_view presence_field = {};
    // For a list whose 404 means "the owner has none" (a team without the single sign-on
    // feature has no identity providers): a 404 is read as an empty list, never a gap. gap_404 is
    // empty.
    bool none_when_missing = false;
    KeyPrefix key_prefix = KeyPrefix::none;
    std::string_view key_field = "id";  // "id", "user.id", "ordinal"; empty: the prefix alone
    unsigned attached = 0;              // attach:: bits
    std::span<const Field> fields = {};
    Reshape reshape = nullptr;
    std::string_view description = {};  // one sentence for the record schema
};

// Every row, in collection order. A type may have several rows (app access: the team matrix and
// the per-app collaborators); its rows share one field list.
std::span<const Row> catalogue();

// The first row of a type, or nullptr.
const Row* row_of(std::string_view type);

// The record types the rows emit, in catalogue order, each once, without the summary.
std::vector<std::string_view> catalogue_record_types();

}  // namespace iru::heroku
