#include "api/api_error_mapping.hpp"

#include <nlohmann/json.hpp>

#include "api/json_depth.hpp"

namespace iru::heroku {
namespace {

constexpr std::size_t max_body_to_parse = std::size_t{64} * 1024;
constexpr std::size_t max_error_body_depth = 8;  // {"id":..,"message":..} is depth 1

std::string sanitise(std::string_view text, std::size_t max) {
    std::string out;
    for (unsigned char c : text) {
        if (out.size() >= max) {
            out += "...";
            break;
        }
        if (c == '\n' || c == '\r' || c == '\t')
            out.push_back(' ');
        else if (c >= 0x20 && c != 0x7f)
            out.push_back(static_cast<char>(c));  // UTF-8 bytes kept as they are
        else
            out.push_back('?');
    }
    // Do not end inside a UTF-8 sequence after truncation.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
    return out;
}

std::string suffix(std::string_view request_id, const HerokuErrorBody& body) {
    std::string out;
    if (!body.message.empty()) out += " Heroku said: \"" + body.message + "\".";
    if (!request_id.empty()) out += " (Request-Id: " + std::string(request_id) + ")";
    return out;
}

}  // namespace

HerokuErrorBody parse_error_body(std::string_view body) noexcept {
    HerokuErrorBody out;
    try {
        if (body.empty() || body.size() > max_body_to_parse ||
            !json_depth_within(body, max_error_body_depth))
            return out;
        const auto json = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
        if (!json.is_object()) return out;
        if (auto it = json.find("id"); it != json.end() && it->is_string())
            out.id = sanitise(it->get<std::string>(), 64);
        if (auto it = json.find("message"); it != json.end() && it->is_string())
            out.message = sanitise(it->get<std::string>(), 300);
    } catch (...) {
        return HerokuErrorBody{};
    }
    return out;
}

Status status_for(int http_status, std::string_view id) noexcept {
    if (http_status >= 200 && http_status < 300) return Status::ok;
    if (http_status == 401) return Status::auth_failed;
    if (http_status == 403 && (id == "unauthorized" || id == "invalid_credentials"))
        return Status::auth_failed;
    if (http_status == 402 || http_status == 403 || http_status == 404)
        return Status::permission_denied;
    if (http_status == 429) return Status::rate_limited;
    if (http_status >= 500) return Status::network;
    return Status::internal;
}

ApiError error_for_response(int http_status, std::string_view raw_body,
                            std::string_view raw_request_id, std::string_view resource,
                            int attempts) {
    const HerokuErrorBody body = parse_error_body(raw_body);
    const std::string request_id = sanitise(raw_request_id, 100);
    const std::string what(resource);
    const std::string code = std::to_string(http_status) + (body.id.empty() ? "" : " " + body.id);
    const Status status = status_for(http_status, body.id);
    std::string message;

    if (status == Status::auth_failed) {
        message = "Heroku rejected the API token (" + code + ") for " + what +
                  ": it may have expired (an SSO user's token lasts 8 hours), been revoked, or the "
                  "API key "
                  "was regenerated in the Dashboard; create a new one with "
                  "`heroku authorizations:create --description \"Iru Compliance\"` and update the "
                  "source's token.";
    } else if (body.id == "two_factor") {
        message = "Heroku requires two-factor authentication for " + what + " (" + code +
                  "): the token's account must have 2FA enabled and the token must come from a 2FA "
                  "login; "
                  "enable 2FA on the account, log in again and create a new token with "
                  "`heroku authorizations:create --description \"Iru Compliance\"`.";
    } else if (body.id == "suspended") {
        message = "Heroku refused " + what + " because the token's account is suspended (" + code +
                  "); contact Heroku support to lift the suspension, or use a token of an account "
                  "in good standing.";
    } else if (body.id == "delinquent" || http_status == 402) {
        message = "Heroku refused " + what + " because the account is delinquent (" + code +
                  "): it has unpaid invoices; settle the balance in the Dashboard's Billing page, "
                  "then run again.";
    } else if (http_status == 403) {
        message =
            "The token's account may not read " + what + " (" + code +
            "); ask a team or app admin for access, or use a token of an account that has it.";
    } else if (http_status == 404) {
        message = what + " was not found (" + code +
                  "): it was deleted, renamed, or is not visible to the token's account.";
    } else if (http_status == 429) {
        message =
            "Heroku's rate limit is exhausted for this account (" + code + ") at " + what +
            "; the account's own deploys and CLI share the same budget. Run again later or raise "
            "max_rate_limit_wait.";
    } else if (http_status >= 500) {
        message =
            "Heroku's API failed to answer " + what + " (" + code + ")" +
            (attempts > 1 ? " after " + std::to_string(attempts) + " attempts" : std::string()) +
            "; check https://status.heroku.com and run again.";
    } else if (http_status == 406) {
        message = "Heroku did not accept the client's API version header for " + what + " (" +
                  code + "); this plugin version may be too old.";
    } else {
        message = "Heroku answered " + what + " with an unexpected HTTP " + code + ".";
    }
    message += suffix(request_id, body);
    return ApiError(status, message, http_status, body.id, request_id);
}

}  // namespace iru::heroku
