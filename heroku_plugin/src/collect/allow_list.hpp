// Allow-list redaction: a record's data holds only the fields its catalogue row names, nested
// objects included, each free-form string through its scrubber. Anything else is dropped and its
// name (never its value) reported, so a maintainer can look at a field Heroku added.
// Pure functions: no I/O, thread-safe. Recursion is bounded by the catalogue's nesting, never by
// the input's.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/catalogue.hpp"

namespace iru::heroku {

// The scrubber's result for text (collect/scrubbers.hpp); Scrubber::none returns it unchanged.
std::string apply_scrubber(Scrubber scrubber, std::string_view text);

// True when value's JSON type is one of the json_type bits.
bool has_type(const nlohmann::json& value, unsigned types) noexcept;

// The members of object that fields name, each kept as its Field says. Appends to
// not_recognized the dotted path ("build_stack.extra") of every member dropped because no field
// names it, or "name (unexpected type)" for one whose value has a type the field does not allow.
// A non-object gives an empty object.
nlohmann::json keep_allowed(const nlohmann::json& object, std::span<const Field> fields,
                            std::vector<std::string>& not_recognized, std::string_view prefix = {});

}  // namespace iru::heroku
