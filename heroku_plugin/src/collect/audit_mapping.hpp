// The audit trail's records: what an enterprise account's event keeps of its free-form data, and
// the key of a monthly archive. An event's "data" varies by event type and may carry secrets
// (config var values above all): for each event type in audit_event_data_rules() only the members
// that say what changed are kept, config vars by name only; any other type keeps the names of its
// data's members (data_keys), never a value. The catalogue's field list then applies as for any
// row. Pure functions: no I/O, thread-safe. Malformed input throws std::invalid_argument.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace iru::heroku {

// How a kept member of an event's data is taken.
enum class DataTake {
    value,             // the member as it is (the catalogue's field says which JSON types)
    permission_names,  // [{"name": ...}] or ["name"]: the names, sorted
    member_names,      // an object's member names, or an array's items' "name" (or "key"),
                       // sorted; never a value
};

struct DataMember {
    std::string_view from;  // the member of the event's data
    std::string_view into;  // the member of the record's data
    DataTake take = DataTake::value;
};

struct EventDataRule {
    std::string_view event_type;  // the event's "type"
    std::span<const DataMember> members;
};

// The event types whose data the plugin knows, each with the members it keeps.
std::span<const EventDataRule> audit_event_data_rules();

// One event of GET /enterprise-accounts/{ea}/events: its data replaced by the members its type's
// rule keeps (no rule: data dropped, data_keys lists its member names, sorted).
std::vector<nlohmann::json> reshape_audit_event(const nlohmann::json& event);

// One archive of GET /enterprise-accounts/{ea}/archives, with "period" ("2019-10", from its year
// and month) added: an archive has no id, its period names it.
std::vector<nlohmann::json> reshape_audit_archive(const nlohmann::json& archive);

}  // namespace iru::heroku
