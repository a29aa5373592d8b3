#include "run_summary.hpp"

#include <algorithm>

#include "text_codec.hpp"

namespace iru::host {

using nlohmann::json;

namespace {

constexpr std::size_t max_text = 2000;  // a longer plugin text is cut

std::string text(const json& value) {
    std::string out = value.get<std::string>();
    if (out.size() > max_text) out = out.substr(0, max_text) + "…";
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return printable(out);
}

std::string text_field(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? text(*it) : std::string();
}

bool level_from_name(const std::string& name, LogLevel& level) {
    if (name == "info")
        level = LogLevel::info;
    else if (name == "warn")
        level = LogLevel::warn;
    else if (name == "error")
        level = LogLevel::error;
    else
        return false;
    return true;
}

// A JSON integer >= 0 (parsed text gives unsigned, values built in C++ may be signed).
bool is_count(const json& value) {
    return value.is_number_unsigned() ||
           (value.is_number_integer() && value.get<std::int64_t>() >= 0);
}

int severity(LogLevel level) {
    switch (level) {
        case LogLevel::error:
            return 0;
        case LogLevel::warn:
            return 1;
        case LogLevel::info:
            return 2;
        case LogLevel::debug:
            return 3;
    }
    return 3;
}

}  // namespace

SummaryView read_summary(const json& data) {
    SummaryView view;
    if (!data.is_object()) return view;
    view.status = text_field(data, "status");
    view.message = text_field(data, "message");
    if (const auto counts = data.find("counts"); counts != data.end() && counts->is_object())
        for (const auto& [type, n] : counts->items())
            if (is_count(n)) view.counts[printable(type)] = n.get<std::uint64_t>();
    if (const auto warnings = data.find("warnings"); warnings != data.end() && warnings->is_array())
        for (const auto& w : *warnings)
            if (w.is_string() && !w.get_ref<const std::string&>().empty())
                view.warnings.push_back(text(w));
    if (const auto findings = data.find("findings");
        findings != data.end() && findings->is_array()) {
        for (const auto& f : *findings) {
            if (!f.is_object()) continue;
            SummaryFinding finding;
            finding.message = text_field(f, "message");
            if (finding.message.empty() || !level_from_name(text_field(f, "level"), finding.level))
                continue;
            finding.remedy = text_field(f, "remedy");
            if (const auto count = f.find("count"); count != f.end() && is_count(*count))
                finding.count = std::max<std::uint64_t>(1, count->get<std::uint64_t>());
            view.findings.push_back(std::move(finding));
        }
    }
    return view;
}

std::string finding_line(const SummaryFinding& finding) {
    std::string line = finding.message;
    const std::string counted = std::to_string(finding.count) + " ";
    if (finding.count > 1 && line.compare(0, counted.size(), counted) != 0)
        line += " (×" + std::to_string(finding.count) + ")";
    if (!finding.remedy.empty()) line += " — " + finding.remedy;
    return line;
}

std::vector<SummaryFinding> worst_findings(std::vector<SummaryFinding> findings,
                                           std::size_t limit) {
    std::stable_sort(findings.begin(), findings.end(),
                     [](const SummaryFinding& a, const SummaryFinding& b) {
                         return severity(a.level) < severity(b.level);
                     });
    if (findings.size() > limit) findings.resize(limit);
    return findings;
}

std::vector<SummaryFinding> leading_findings(std::vector<SummaryFinding> findings,
                                             std::size_t limit) {
    std::stable_partition(findings.begin(), findings.end(),
                          [](const SummaryFinding& f) { return f.level == LogLevel::error; });
    if (findings.size() > limit) findings.resize(limit);
    return findings;
}

nlohmann::json plugin_summary_part(const nlohmann::json& data) {
    if (!data.is_object()) return nullptr;
    nlohmann::json part = data;
    for (const char* said_by_host :
         {"status", "counts", "started_at", "finished_at", "duration_ms"})
        part.erase(said_by_host);
    return part;
}

}  // namespace iru::host
