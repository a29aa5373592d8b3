// The record envelope (contract §3): what the host wraps around every record before writing it,
// and the checks a record must pass. manifests/schemas/envelope.schema.json describes the same
// shape.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "plugin_loader.hpp"

namespace iru::host {

struct EnvelopeContext {
    std::string source_id;
    std::string run_id;
    const PluginDescription* plugin = nullptr;  // record types it may emit
};

struct EnvelopeResult {
    std::optional<nlohmann::json> envelope;  // set when the record is valid
    std::string rejection;                   // else why (never quotes the record's data)
};

// Validates one record from a plugin and wraps it: {source_id, run_id, observed_at, type, key,
// digest: "sha256:<hex of canonical data>", data}, plus scope when one is given
// (iru.carry_forward/1: the part of the source the record belongs to; must be a valid_scope).
// Canonical data = json::parse(data).dump().
EnvelopeResult make_envelope(const EnvelopeContext& context, std::string_view type,
                             std::string_view key, std::string_view data,
                             std::optional<std::string_view> scope = std::nullopt);

// Checks a built envelope against the envelope schema; "" when valid, else the first violation.
std::string validate_envelope(const nlohmann::json& envelope);

// A scope: 1 to IRU_SCOPE_MAX_BYTES bytes of printable ASCII (0x20-0x7e).
bool valid_scope(std::string_view scope);

}  // namespace iru::host
