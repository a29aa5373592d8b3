// Whether one line of an earlier run's records file may be carried forward into this run
// (iru.carry_forward/1). The line is copied byte for byte, so it is checked as it stands: a valid
// envelope of this source, of a record type the plugin still declares (not its run summary type),
// in the scope asked for, whose digest is the sha256 of its data. Pure: no I/O.
#pragma once

#include <string>
#include <string_view>

#include "plugin_loader.hpp"

namespace iru::host {

struct CarryRules {
    std::string source_id;
    const PluginDescription* plugin = nullptr;
};

struct CarriedLine {
    std::string problem;      // "" when the line may be carried; else why not (no record data)
    std::string type;         // the record's type (when problem is "")
    std::string observed_at;  // the record's observed_at (when problem is "")
};

CarriedLine check_carried_line(std::string_view line, const std::string& scope,
                               const CarryRules& rules);

}  // namespace iru::host
