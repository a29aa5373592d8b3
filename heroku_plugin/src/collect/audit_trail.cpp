#include "collect/audit_trail.hpp"

#include <cstdint>
#include <vector>

#include "collect/collection_summary.hpp"

namespace iru::heroku {

namespace {

using nlohmann::json;

json day_or_null(const std::optional<Day>& day) {
    return day ? json(format_day(*day)) : json(nullptr);
}

std::string display_name(const Ref& ref) { return ref.name.empty() ? ref.id : ref.name; }

}  // namespace

std::string enterprise_view_reason(const Ref& enterprise_account, std::string_view type) {
    return "the token's user lacks the \"view\" permission on enterprise account " +
           display_name(enterprise_account) + ", which " + std::string(type) + " needs";
}

AuditTrailReader::AuditTrailReader(CatalogueWalker& walker, Emitter& emitter, RunControl& control,
                                   StateStore* state, int lookback_days, Day today)
    : walker_(walker),
      emitter_(emitter),
      control_(control),
      state_(state),
      lookback_days_(lookback_days),
      today_(today) {}

void AuditTrailReader::report_not_viewable(const Row& row, const Ref& enterprise_account) {
    RecordContext scope;
    scope.enterprise_account = enterprise_account;
    emitter_.gap(gap_kind::enterprise_view_denied, expand_path(row.path, scope), std::nullopt,
                 std::nullopt,
                 enterprise_view_reason(enterprise_account, row.type) +
                     " (the enterprise account lists the token's permissions without it)");
}

json AuditTrailReader::read(const Row& row, const Ref& enterprise_account, const Keep& keep) {
    if (row.paging.per_day) return read_days(row, enterprise_account, keep);
    RecordContext scope;
    scope.enterprise_account = enterprise_account;
    const std::string path = expand_path(row.path, scope);
    const Attempt a = walker_.read(row, path, scope, [&](json& item, std::size_t) {
        if (keep(item)) emitter_.emit(row, item, scope);
    });
    if (a.outcome == Outcome::denied)
        emitter_.gap(row.gap_403, path, std::nullopt, std::nullopt,
                     enterprise_view_reason(enterprise_account, row.type) + " (" + a.reason + ")");
    else
        walker_.report(row, a, path, {});
    return nullptr;
}

json AuditTrailReader::read_days(const Row& row, const Ref& enterprise_account, const Keep& keep) {
    const std::string state_key = audit_cursor_key(enterprise_account.id);
    const AuditCursor cursor =
        read_cursor(state_ != nullptr ? state_->get(state_key) : std::nullopt, today_);
    const std::string who = "enterprise account " + display_name(enterprise_account);
    if (!cursor.problem.empty()) emitter_.warn(who + ": " + cursor.problem);
    const AuditWindow window = days_to_read(cursor.complete_through, today_, lookback_days_);
    if (window.days_skipped > 0)
        emitter_.warn(who + ": the audit trail of " + std::to_string(window.days_skipped) +
                      " days before " + format_day(window.days.front()) +
                      " was not read (more than " + std::to_string(audit_lookback_max) +
                      " days since the last complete day)");

    RecordContext scope;
    scope.enterprise_account = enterprise_account;
    const std::string base = expand_path(row.path, scope);
    std::vector<DayRead> reads;
    std::uint64_t events = 0;
    for (const Day& day : window.days) {
        if (control_.stopping()) break;
        const std::string path = base + "?day=" + format_day(day);
        const Attempt a = walker_.read(row, path, scope, [&](json& item, std::size_t) {
            if (!keep(item)) return;
            emitter_.emit(row, item, scope);
            ++events;
        });
        reads.push_back({day, a.outcome == Outcome::ok});
        if (a.outcome == Outcome::stopped) break;
        if (a.outcome == Outcome::denied) {  // every other day would be denied too
            emitter_.gap(
                row.gap_403, path, std::nullopt, std::nullopt,
                enterprise_view_reason(enterprise_account, row.type) + " (" + a.reason + ")");
            break;
        }
        walker_.report(row, a, path, {});
    }

    const std::optional<Day> after = advance(cursor.complete_through, reads, today_);
    if (state_ != nullptr && after && after != cursor.complete_through)
        state_->set(state_key, cursor_value(*after));
    std::size_t complete = 0;
    for (const DayRead& r : reads) complete += r.complete && r.day < today_ ? 1 : 0;
    return {{"enterprise_account", enterprise_account.to_json()},
            {"first_day", reads.empty() ? json(nullptr) : json(format_day(reads.front().day))},
            {"last_day", reads.empty() ? json(nullptr) : json(format_day(reads.back().day))},
            {"days_read", reads.size()},
            {"days_complete", complete},
            {"events", events},
            {"cursor_before", day_or_null(cursor.complete_through)},
            {"cursor", day_or_null(after)}};
}

}  // namespace iru::heroku
