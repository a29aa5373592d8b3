#include "check_report.hpp"

#include <iomanip>
#include <sstream>
#include <vector>

#include "run_summary.hpp"
#include "text_codec.hpp"

namespace iru::host {
namespace {

using nlohmann::json;

constexpr const char* continuation = "               ";  // lines under a label
constexpr std::size_t max_scopes_shown = 50;
constexpr std::size_t max_findings_shown = 20;
constexpr std::size_t max_probes_shown = 60;
constexpr std::size_t max_gaps_shown = 30;

// A plugin text made printable and one line; fallback when absent or not a string.
std::string text_of(const json& object, const char* key, const std::string& fallback = "") {
    if (!object.is_object()) return fallback;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    std::string text = it->is_string() ? it->get<std::string>() : it->dump();
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return printable(text);
}

const json& member(const json& object, const char* key) {
    static const json none;
    if (!object.is_object()) return none;
    const auto it = object.find(key);
    return it == object.end() ? none : *it;
}

std::string label(const std::string& name) {
    std::string out = "  " + name + ":";
    if (out.size() < 15)
        out.resize(15, ' ');
    else
        out += ' ';
    return out;
}

std::string capitalized(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

std::string upper(std::string text) {
    for (char& c : text)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return text;
}

// accepted | rejected | unverified: the report's word, else what the run's status says.
std::string credential_state(const json& credential, const SourceRunResult& run) {
    std::string state = text_of(credential, "state");
    if (state == "accepted" || state == "rejected" || state == "unverified") return state;
    if (run.status == RunStatus::auth_failed) return "rejected";
    return is_usable(run.status) ? "accepted" : "unverified";
}

void credential_section(std::ostringstream& out, const json& credential, const std::string& state) {
    if (state == "rejected")
        out << label("Credential") << "REJECTED (authentication failed)\n";
    else if (state == "accepted")
        out << label("Credential") << "accepted\n";
    else
        out << label("Credential") << "not verified\n";
    const std::string detail = text_of(credential, "detail");
    if (!detail.empty()) out << continuation << detail << "\n";
    if (state != "accepted" || !credential.is_object() || !credential.contains("expires_at"))
        return;
    const json& expires = credential["expires_at"];
    if (expires.is_string()) {
        out << continuation << "expires " << text_of(credential, "expires_at");
        if (member(credential, "expires_in_days").is_number_integer())
            out << " (in " << text_of(credential, "expires_in_days") << " days)";
        out << "\n";
    } else if (expires.is_null()) {
        out << continuation << "does not expire\n";
    }
}

void identity_section(std::ostringstream& out, const json& identity, const std::string& state) {
    if (!identity.is_object()) {
        if (state == "accepted")
            out << label("Identity") << "unknown (the plugin could not read it)\n";
        return;
    }
    out << label(capitalized(text_of(identity, "kind", "identity")))
        << text_of(identity, "name", "?");
    const std::string id = text_of(identity, "id");
    out << (id.empty() ? "" : " (id " + id + ")") << "\n";
    for (const auto& detail : member(identity, "details"))
        if (detail.is_string()) out << continuation << printable(detail.get<std::string>()) << "\n";
}

// "none" is said only when the identity is known (else nothing could be seen).
void scopes_section(std::ostringstream& out, const json& scopes, bool identity_known) {
    if (!scopes.is_array() || (scopes.empty() && !identity_known)) return;
    out << label("Scopes") << (scopes.empty() ? "none" : std::to_string(scopes.size())) << "\n";
    if (scopes.empty()) return;
    std::string count_label = "COUNT";
    for (const auto& scope : scopes)
        if (!text_of(scope, "count_of").empty()) {
            count_label = upper(text_of(scope, "count_of"));
            break;
        }
    out << continuation << std::left << std::setw(12) << "KIND" << std::setw(28) << "NAME"
        << std::setw(14) << "ROLE" << count_label << "\n";
    std::size_t shown = 0;
    for (const auto& scope : scopes) {
        if (++shown > max_scopes_shown) {
            out << continuation << "… and " << scopes.size() - max_scopes_shown << " more\n";
            break;
        }
        out << continuation << std::setw(12) << text_of(scope, "kind", "-") << std::setw(28)
            << text_of(scope, "name", "-") << std::setw(14) << text_of(scope, "role", "-")
            << text_of(scope, "count", "-") << "\n";
    }
}

std::string endpoint_of(const json& probe) {
    const std::string endpoint = text_of(probe, "endpoint");
    return endpoint.empty() ? "" : " (GET " + endpoint + ")";
}

// "12", "1000+" (a full page: there may be more), "-" (nothing read).
std::string items_of(const json& probe) {
    const json& items = member(probe, "items");
    if (!items.is_number_integer()) return "-";
    return items.dump() + (member(probe, "more") == true ? "+" : "");
}

// What the check looked at, with the requests it made and the most it may make.
void probes_section(std::ostringstream& out, const json& probes, const json& requests) {
    if (!probes.is_array()) return;
    out << label("Looked at") << probes.size() << (probes.size() == 1 ? " probe" : " probes");
    if (member(requests, "made").is_number_integer()) {
        out << ", " << text_of(requests, "made") << " requests";
        if (member(requests, "at_most").is_number_integer()) {
            out << " (at most " << text_of(requests, "at_most");
            const std::string bound = text_of(requests, "bound");
            out << (bound.empty() ? "" : ": " + bound) << ")";
        }
    }
    out << "\n";
    if (probes.empty()) return;
    out << continuation << std::left << std::setw(9) << "RESULT" << std::setw(7) << "ITEMS"
        << "WHAT\n";
    std::size_t shown = 0;
    for (const auto& probe : probes) {
        if (++shown > max_probes_shown) {
            out << continuation << "… and " << probes.size() - max_probes_shown << " more\n";
            break;
        }
        out << continuation << std::setw(9) << text_of(probe, "result", "?") << std::setw(7)
            << items_of(probe) << text_of(probe, "what", "?") << endpoint_of(probe) << "\n";
    }
}

void not_probed_section(std::ostringstream& out, const json& not_probed) {
    if (!not_probed.is_array()) return;
    bool first = true;
    for (const auto& entry : not_probed) {
        if (!entry.is_object()) continue;
        out << (first ? label("Not probed") : std::string(continuation));
        first = false;
        const std::string count =
            member(entry, "count").is_number_integer() ? text_of(entry, "count") + " " : "";
        out << count << text_of(entry, "what", "?") << ": " << text_of(entry, "reason", "?")
            << "\n";
    }
}

// What could not be read. "none" only when the check is complete and every probe answered.
void gaps_section(std::ostringstream& out, const json& probes, RunStatus shown) {
    if (!probes.is_array()) return;
    std::vector<const json*> gaps;
    bool stopped = !is_usable(shown);
    for (const auto& probe : probes) {
        const std::string result = text_of(probe, "result");
        if (result == "gap") gaps.push_back(&probe);
        stopped = stopped || result == "failed";
    }
    if (gaps.empty()) {
        if (stopped)
            out << label("Gaps") << "unknown: the check did not finish\n";
        else if (shown == RunStatus::complete)
            out << label("Gaps") << "none\n";
        else
            out << label("Gaps") << "none listed, yet the check is " << to_string(shown) << "\n";
        return;
    }
    out << label("Gaps") << gaps.size()
        << (stopped ? " (the check did not finish: there may be more)" : "") << "\n";
    std::size_t shown_gaps = 0;
    for (const json* gap : gaps) {
        if (++shown_gaps > max_gaps_shown) {
            out << continuation << "… and " << gaps.size() - max_gaps_shown << " more\n";
            break;
        }
        out << continuation << "- " << text_of(*gap, "gap_kind", "gap") << ": "
            << text_of(*gap, "what", "?") << endpoint_of(*gap) << "\n";
        const std::string cause = text_of(*gap, "cause"), remedy = text_of(*gap, "remedy");
        if (!cause.empty()) out << continuation << "  " << cause << "\n";
        if (!remedy.empty()) out << continuation << "  what to do: " << remedy << "\n";
    }
}

// The findings without those that repeat a gap the Gaps section shows.
json findings_not_shown_as_gaps(const json& findings, const json& probes) {
    if (!findings.is_array() || !probes.is_array()) return findings;
    json kept = json::array();
    for (const auto& finding : findings) {
        const json& index = member(finding, "probe");
        const bool repeats_gap = index.is_number_integer() && index.get<std::int64_t>() >= 0 &&
                                 index.get<std::uint64_t>() < probes.size() &&
                                 text_of(probes[index.get<std::size_t>()], "result") == "gap";
        if (!repeats_gap) kept.push_back(finding);
    }
    return kept;
}

void budget_section(std::ostringstream& out, const json& budget) {
    const json& remaining = member(budget, "remaining");
    if (remaining.is_number_integer())
        out << label("Budget") << remaining.dump() << " " << text_of(budget, "unit", "requests")
            << " left in the budget\n";
    else
        out << label("Budget") << "unknown\n";
}

void findings_lines(std::ostringstream& out, const std::vector<SummaryFinding>& findings) {
    out << label("Findings") << (findings.empty() ? "none" : std::to_string(findings.size()))
        << "\n";
    for (const auto& f : worst_findings(findings, max_findings_shown)) {
        out << continuation << "- " << to_string(f.level) << ": " << f.message
            << (f.count > 1 ? " (×" + std::to_string(f.count) + ")" : "") << "\n";
        if (!f.remedy.empty()) out << continuation << "  what to do: " << f.remedy << "\n";
    }
    if (findings.size() > max_findings_shown)
        out << continuation << "… and " << findings.size() - max_findings_shown << " more\n";
}

void result_section(std::ostringstream& out, const SourceConfig& source, const SourceRunResult& run,
                    const std::string& state) {
    out << label("Result") << to_string(run.status) << "\n";
    if (!is_usable(run.status))
        out << label("Error") << (run.message.empty() ? "(no message)" : run.message) << "\n";
    if (state != "rejected" || source.credentials.empty()) return;
    std::string where;
    for (const auto& [name, spec] : source.credentials)
        where += (where.empty() ? "" : ", ") + spec.json_path;
    out << label("Configured") << where << "\n";
}

}  // namespace

RunStatus check_status(RunStatus run_status, const std::optional<json>& report) {
    if (run_status != RunStatus::complete || !report || !report->is_object()) return run_status;
    const json& result = member(*report, "result");
    if (result.is_string() && result != "complete") return RunStatus::partial;
    const json& probes = member(*report, "probes");
    if (probes.is_array())
        for (const auto& probe : probes) {
            const std::string word = text_of(probe, "result");
            if (word != "ok" && word != "skipped") return RunStatus::partial;
        }
    return run_status;
}

std::string format_check_report(const SourceConfig& source, const std::string& plugin_label,
                                const SourceRunResult& run, const std::optional<json>& report,
                                const std::string& report_problem) {
    std::ostringstream out;
    out << "Source " << source.id << " (plugin " << plugin_label << ")\n";
    const json document = report && report->is_object() ? *report : json::object();
    const std::string state = credential_state(member(document, "credential"), run);
    credential_section(out, member(document, "credential"), state);
    if (!report_problem.empty()) out << label("Report") << report_problem << "\n";
    identity_section(out, member(document, "identity"), state);
    scopes_section(out, member(document, "scopes"), member(document, "identity").is_object());
    SourceRunResult shown = run;
    shown.status = check_status(run.status, report);
    const json& probes = member(document, "probes");
    probes_section(out, probes, member(document, "requests"));
    not_probed_section(out, member(document, "not_probed"));
    gaps_section(out, probes, shown.status);
    if (state != "rejected") budget_section(out, member(document, "budget"));
    // The findings share the summary's shape (without counts): one reader for both.
    const json findings = findings_not_shown_as_gaps(member(document, "findings"), probes);
    findings_lines(out, read_summary(json{{"findings", findings}}).findings);
    result_section(out, source, shown, state);
    return out.str();
}

std::string format_fallback_check_report(const SourceConfig& source,
                                         const std::string& plugin_label,
                                         const SourceRunResult& run) {
    std::ostringstream out;
    out << "Source " << source.id << " (plugin " << plugin_label << ")\n";
    out << label("Check")
        << "the plugin offers no troubleshooting report (iru.check/1): a collection ran\n"
        << continuation << "instead, writing no evidence and no state\n";
    if (source.credentials.empty())
        out << label("Credential") << "none configured\n";
    else
        credential_section(out, json(), credential_state(json(), run));
    out << label("Records") << run.records;
    if (!run.counts.empty()) {
        std::string by_type;
        for (const auto& [type, n] : run.counts)
            by_type += (by_type.empty() ? "" : ", ") + printable(type) + " " + std::to_string(n);
        out << " (" << by_type << ")";
    }
    out << (run.invalid > 0 ? ", " + std::to_string(run.invalid) + " refused" : "") << "\n";
    if (!run.collection_summary) {
        out << label("Summary") << "none (the plugin sent no summary record)\n";
    } else {
        const SummaryView summary = read_summary(*run.collection_summary);
        for (const auto& w : summary.warnings) out << label("Warning") << w << "\n";
        findings_lines(out, summary.findings);
    }
    result_section(out, source, run, run.status == RunStatus::auth_failed ? "rejected" : "");
    return out.str();
}

}  // namespace iru::host
