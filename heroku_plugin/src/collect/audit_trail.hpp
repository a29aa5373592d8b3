// The audit trail of one enterprise account, read for a row of the catalogue: the day-by-day
// events (a per_day row) from the cursor kept in the state store, which moves over the days read
// completely (collect/audit_cursor.hpp), or a plain list (the archives). A 403, or an account
// listed without the "view" permission, is an enterprise_view_denied gap naming the permission.
// Thread contract: one reader per run, used by one thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "collect/audit_cursor.hpp"
#include "collect/catalogue.hpp"
#include "collect/catalogue_walker.hpp"
#include "collect/emitter.hpp"
#include "collect/record_mapping.hpp"
#include "collect/run_control.hpp"
#include "collect/state_store.hpp"

namespace iru::heroku {

// The reason of an enterprise_view_denied gap for enterprise_account's type.
std::string enterprise_view_reason(const Ref& enterprise_account, std::string_view type);

class AuditTrailReader {
public:
    // state: nullptr reads every run as a first run. today: the run's UTC day.
    AuditTrailReader(CatalogueWalker& walker, Emitter& emitter, RunControl& control,
                     StateStore* state, int lookback_days, Day today);

    // An item kept (an event about an app outside the apps and teams selected is left out).
    using Keep = std::function<bool(const nlohmann::json& item)>;

    // Reads row for enterprise_account. For a per_day row, returns the summary's audit_trail
    // entry (the days read, the events, the cursor before and after); otherwise null.
    nlohmann::json read(const Row& row, const Ref& enterprise_account, const Keep& keep);

    // The gap for a row of an enterprise account the token may not view (listed without "view").
    void report_not_viewable(const Row& row, const Ref& enterprise_account);

private:
    nlohmann::json read_days(const Row& row, const Ref& enterprise_account, const Keep& keep);

    CatalogueWalker& walker_;
    Emitter& emitter_;
    RunControl& control_;
    StateStore* state_;
    int lookback_days_;
    Day today_;
};

}  // namespace iru::heroku
