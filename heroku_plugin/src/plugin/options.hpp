// The plugin's options: one table (option_specs()) drives both the validation of the user's options
// JSON and the JSON Schema the descriptor publishes, so the two cannot disagree.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "api/client_options.hpp"
#include "collect/collect_options.hpp"

namespace iru::heroku {

struct PluginOptions {
    ClientOptions client;
    CollectOptions collect;
};

// Thrown for options that are unknown, ill-typed or out of range; the message names the option.
class OptionsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class OptionKind { string, integer, number, string_array };

struct OptionSpec {
    std::string_view name;
    OptionKind kind;
    double minimum;                 // integer/number only
    double maximum;                 // integer/number only
    std::string_view default_json;  // the default as JSON text; "" when none
    std::string_view description;
};

const std::vector<OptionSpec>& option_specs();

// Parses and validates an options JSON object ("" or "{}" gives the defaults).
// Throws OptionsError. Never echoes option values that could be secrets (none of these are).
PluginOptions parse_options(std::string_view options_json);

// The JSON Schema (draft 2020-12) of the options object, generated from option_specs().
const std::string& options_json_schema();

}  // namespace iru::heroku
