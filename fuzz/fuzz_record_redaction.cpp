// Fuzzes the record path (catalogue row -> reshape -> allow-list with scrubbers -> leak scan) with
// arbitrary JSON, for every row of the catalogue. Secrets are planted where the allow-list or a
// scrubber must remove them: in every field the row does not declare (however deep), in the
// user-info, path, query and fragment of URL fields, in the assignments of command fields, and as
// the token in use in any string. Whatever the input, no planted secret may reach a record.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "collect/catalogue.hpp"
#include "collect/record_builder.hpp"
#include "collect/record_mapping.hpp"
#include "collect/redaction.hpp"

namespace {

using nlohmann::json;
namespace h = iru::heroku;

constexpr std::string_view marker = "PLANTEDxSECRET";
const std::string token = "HRKU-fuzz-token-PLANTEDxSECRET";

const h::Field* find(std::span<const h::Field> fields, std::string_view name) {
    for (const auto& f : fields)
        if (f.name == name) return &f;
    return nullptr;
}

std::string planted_for(h::Scrubber scrub) {
    const std::string m(marker);
    switch (scrub) {
        case h::Scrubber::url:
            return "https://user:" + m + "@drain.example.com/" + m + "?k=" + m + "#" + m;
        case h::Scrubber::command:
            return "DATABASE_URL=postgres://u:" + m + "@db/x rake SECRET=" + m;
        case h::Scrubber::text:
            return "see " + token + " and https://u:" + m + "@h/" + m;
        case h::Scrubber::none:
            break;
    }
    return {};
}

// Plants secrets into doc where the row's fields say they must not survive.
void plant(json& node, std::span<const h::Field> fields) {
    if (node.is_array()) {
        for (auto& item : node) plant(item, fields);
        return;
    }
    if (!node.is_object()) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const h::Field* field = find(fields, it.key());
        if (field == nullptr) {
            it.value() = json{{"v", std::string(marker)}, {"deep", {std::string(marker)}}};
        } else if (field->scrub != h::Scrubber::none && it.value().is_string()) {
            it.value() = planted_for(field->scrub);
        } else {
            plant(it.value(), field->fields);
        }
    }
    node["iru_undeclared"] = std::string(marker);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (input.find(marker) != std::string_view::npos) return 0;  // the marker must be ours alone
    const json doc = json::parse(input, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return 0;

    const h::LeakScanner scanner(token);
    h::RecordContext context;
    context.app = h::Ref{"app-id", "app"};
    context.team = h::Ref{"team-id", "team"};
    context.enterprise_account = h::Ref{"ea-id", "ea"};
    context.pipeline = h::Ref{"pipeline-id", "pipeline"};
    context.space = h::Ref{"space-id", "space"};

    for (const h::Row& row : h::catalogue()) {
        json planted = doc;
        // The access matrix is rebuilt from the entity's users: planting over its members would
        // only make it refuse the entity. Config var values become planted secrets this way.
        if (row.reshape != &h::reshape_access_matrix) plant(planted, row.fields);
        if (planted.is_object()) planted["token_hint"] = token;  // a stray token anywhere
        std::vector<std::string> not_recognized;
        try {
            for (auto& record : h::build_records(row, planted, context, not_recognized)) {
                if (scanner.leaks(record.key)) continue;  // the emitter drops such a record
                scanner.scrub(record.data);
                const std::string text = record.key + record.data.dump();
                if (text.find(marker) != std::string::npos ||
                    text.find("HRKU-") != std::string::npos)
                    std::abort();
            }
        } catch (const std::invalid_argument&) {
            // An item of the wrong shape is refused; the collector names it as a gap.
        }
        for (const auto& name : not_recognized)
            if (name.find(marker) != std::string::npos) std::abort();  // names, never values
    }
    return 0;
}
