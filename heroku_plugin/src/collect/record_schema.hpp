// What is derived from the catalogue for people and hosts: a record type's JSON Schema (draft
// 2020-12, exact: every object level the rows declare refuses other properties), the manifest's
// record-type list, and the README's record list. Pure; a test holds the committed files equal.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace iru::heroku {

// The schema of a catalogue record type (not the summary's, which is the plugin's own).
// Throws std::invalid_argument for a type the catalogue does not have.
nlohmann::json record_schema(std::string_view type);

// How a type's keys are built, for people: "<app id>/<user.id>" (a type whose rows build them
// differently: each way once, joined by " or ").
std::string key_description(std::string_view type);

// The descriptor's record types as a JSON array (the manifest's "record_types").
nlohmann::json manifest_record_types();

// The README's record list: "`heroku.account`, `heroku.team`, ..." in descriptor order.
std::string readme_record_list();

}  // namespace iru::heroku
