// Splits the text of a JSON array into the texts of its elements without parsing them, so a list
// page of a thousand items is parsed one item at a time (memory of one item, not of the page).
// Pure function, no I/O; safe to fuzz.
#pragma once

#include <functional>
#include <stdexcept>
#include <string_view>

namespace iru::heroku {

class JsonArrayError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Calls on_element with the text of each top-level element of the array in `text`, in order.
// on_element returns false to stop early. Throws JsonArrayError when text is not one JSON array
// (the elements themselves are checked by whoever parses them). Returns the number of elements
// seen.
std::size_t for_each_array_element(std::string_view text,
                                   const std::function<bool(std::string_view element)>& on_element);

}  // namespace iru::heroku
