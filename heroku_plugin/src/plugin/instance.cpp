#include "plugin/instance.hpp"

#include <chrono>
#include <exception>

#include <nlohmann/json.hpp>

#include "collect/collector.hpp"
#include "plugin/check_extension.hpp"
#include "plugin/descriptor.hpp"

namespace iru::heroku {
namespace {

// A check is a handful of reads a user waits for: a budget held at the rate-limit reserve makes it
// wait this long at most, then the check says so, instead of waiting until max_run_time.
constexpr std::chrono::milliseconds check_max_reserve_wait{30'000};

std::string user_agent_for(const iru_host* host) {
    std::string ua = "iru-heroku-source/" + std::string(plugin_version);
    if (IRU_STRUCT_HAS(host, iru_host, host_version) && host->host_name != nullptr &&
        host->host_version != nullptr)
        ua += " (" + std::string(host->host_name) + "/" + std::string(host->host_version) + ")";
    return ua;
}

}  // namespace

std::int32_t to_abi_status(Status status) noexcept {
    switch (status) {
        case Status::ok:
            return IRU_STATUS_OK;
        case Status::partial:
            return IRU_STATUS_PARTIAL;
        case Status::auth_failed:
            return IRU_STATUS_AUTH_FAILED;
        case Status::permission_denied:
            return IRU_STATUS_PERMISSION_DENIED;
        case Status::rate_limited:
            return IRU_STATUS_RATE_LIMITED;
        case Status::network:
            return IRU_STATUS_NETWORK;
        case Status::bad_config:
            return IRU_STATUS_BAD_CONFIG;
        case Status::cancelled:
            return IRU_STATUS_CANCELLED;
        case Status::internal:
            return IRU_STATUS_INTERNAL;
    }
    return IRU_STATUS_INTERNAL;
}

SourceInstance::SourceInstance(const iru_host* host, std::string_view options_json)
    : bridge_(host), options_(parse_options(options_json)) {
    options_.client.user_agent = user_agent_for(host);
    client_ = std::make_unique<ApiClient>(options_.client, bridge_);
}

std::int32_t SourceInstance::collect() noexcept {
    last_error_.clear();
    try {
        return run_collection();
    } catch (const std::exception& e) {
        last_error_ = std::string("internal error: ") + e.what();
    } catch (...) {
        last_error_ = "internal error: unknown exception";
    }
    client_->clear_token();
    return IRU_STATUS_INTERNAL;
}

std::optional<Secret> SourceInstance::take_token(std::int32_t* status) {
    std::int32_t credential_status = IRU_STATUS_OK;
    std::optional<Secret> token = bridge_.credential(token_credential.data(), &credential_status);
    if (!token) {
        last_error_ = credential_status == IRU_STATUS_NOT_FOUND
                          ? "no Heroku token: the host configuration gives no credential named "
                            "'token' for this source"
                          : "the host could not provide the credential 'token' (check the source's "
                            "credentials in the host configuration)";
        *status = IRU_STATUS_BAD_CONFIG;
        return std::nullopt;
    }
    if (token->empty()) {
        last_error_ =
            "the credential 'token' is empty; create a token with "
            "`heroku authorizations:create --description \"Iru Compliance\"`";
        *status = IRU_STATUS_AUTH_FAILED;
        return std::nullopt;
    }
    *status = IRU_STATUS_OK;
    return token;
}

std::int32_t SourceInstance::check(std::string& report) noexcept {
    last_error_.clear();
    try {
        std::int32_t status = IRU_STATUS_OK;
        std::optional<Secret> token = take_token(&status);
        if (!token) {
            nlohmann::json findings = nlohmann::json::array();
            findings.push_back(
                check_finding("error", last_error_,
                              status == IRU_STATUS_AUTH_FAILED
                                  ? "Configure a non-empty token for this source."
                                  : "Configure the credential 'token' for this source."));
            report =
                nlohmann::json{
                    {"credential",
                     {{"state", status == IRU_STATUS_AUTH_FAILED ? "rejected" : "unverified"}}},
                    {"findings", std::move(findings)}}
                    .dump();
            return status;
        }
        const Secret match_copy(token->reveal());
        client_->set_token(std::move(*token));
        struct ClearToken {
            ApiClient& client;
            ~ClearToken() { client.clear_token(); }
        } clear_token{*client_};
        client_->begin_run();
        client_->set_max_reserve_wait(check_max_reserve_wait);
        struct UnboundWait {
            ApiClient& client;
            ~UnboundWait() { client.set_max_reserve_wait(std::nullopt); }
        } unbound_wait{*client_};
        CheckOutcome outcome =
            build_check_report(*client_, match_copy.reveal(), std::chrono::system_clock::now());
        report = outcome.report.dump();
        if (outcome.status != Status::ok) last_error_ = outcome.message;
        return to_abi_status(outcome.status);
    } catch (const std::exception& e) {
        last_error_ = std::string("internal error: ") + e.what();
    } catch (...) {
        last_error_ = "internal error: unknown exception";
    }
    client_->clear_token();
    return IRU_STATUS_INTERNAL;
}

std::int32_t SourceInstance::run_collection() {
    std::int32_t credential_status = IRU_STATUS_OK;
    std::optional<Secret> token = take_token(&credential_status);
    if (!token) return credential_status;

    // The token is needed for every request of the run and no longer: the client's copy is cleared
    // on every exit path, and the copy kept for the leak scan is wiped when it goes out of scope.
    const Secret scan_copy(token->reveal());
    client_->set_token(std::move(*token));
    struct ClearToken {
        ApiClient& client;
        ~ClearToken() { client.clear_token(); }
    } clear_token{*client_};

    bridge_.reset_counts();
    client_->begin_run();
    const CollectOutcome outcome =
        collect_account(*client_, bridge_, bridge_, options_.collect, scan_copy.reveal(), &bridge_);

    // Remember the run for the next one (the host persists state when collect returns).
    nlohmann::json last_run = {{"status", std::string(to_string(outcome.status))},
                               {"counts", bridge_.emitted_counts()}};
    if (auto previous = bridge_.state_get("last_run")) {
        try {
            const auto before = nlohmann::json::parse(*previous);
            const auto apps_before = before.at("counts").value("heroku.app", 0ULL);
            const auto apps_now = last_run["counts"].value("heroku.app", 0ULL);
            if (outcome.status == Status::ok && apps_before > 0 && apps_now * 10 < apps_before * 9)
                bridge_.log(
                    LogLevel::warn,
                    "this run saw " + std::to_string(apps_now) + " apps, the previous one " +
                        std::to_string(apps_before) +
                        ": check that the token's account still belongs to the right teams");
        } catch (const std::exception&) {
            bridge_.log(LogLevel::debug, "ignoring unreadable state 'last_run'");
        }
    }
    bridge_.state_set("last_run", last_run.dump());

    if (outcome.status != Status::ok) last_error_ = outcome.message;
    return to_abi_status(outcome.status);
}

void SourceInstance::cancel() noexcept {
    if (client_) client_->cancel();
}

}  // namespace iru::heroku
