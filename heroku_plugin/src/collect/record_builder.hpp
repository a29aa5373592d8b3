// Builds the records of one answer item by its catalogue row: reshape (when the row has one), the
// key (the row's prefix and key field), the allow-list with its scrubbers, and the references the
// row attaches. Pure: no I/O, thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/catalogue.hpp"
#include "collect/record_mapping.hpp"

namespace iru::heroku {

// Throws std::invalid_argument, naming the field and never a value, for an item of the wrong
// shape: not an object, no usable key field, or a key prefix the context lacks. Appends the fields
// dropped by the allow-list to not_recognized (see keep_allowed).
std::vector<Record> build_records(const Row& row, const nlohmann::json& answer,
                                  const RecordContext& context,
                                  std::vector<std::string>& not_recognized);

// The record of a row with a presence_field whose resource is not there (a 404): the key, the
// references the row attaches, and the presence field false. Throws std::invalid_argument when the
// context lacks the key's reference, std::logic_error for a row without a presence field.
Record absent_record(const Row& row, const RecordContext& context);

// The key field's value of an item ("id", "user.id", "ordinal": a non-empty string or an
// integer), or throws std::invalid_argument.
std::string key_value(const nlohmann::json& item, std::string_view key_field);

}  // namespace iru::heroku
