#include "http_handler.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>
#include <thread>

#include <Poco/Base64Decoder.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include "api_router.hpp"
#include "hostile_answers.hpp"
#include "json_views.hpp"
#include "range.hpp"

namespace iru::fake {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

// "application/vnd.heroku+json; version=3" among the Accept header's media ranges.
bool accept_ok(const std::string& accept) {
    std::stringstream ranges(accept);
    std::string range;
    while (std::getline(ranges, range, ',')) {
        std::stringstream parts(range);
        std::string part;
        bool type_ok = false;
        bool version_ok = false;
        bool first = true;
        while (std::getline(parts, part, ';')) {
            const std::string p = lower(trim(part));
            if (first)
                type_ok = p == "application/vnd.heroku+json";
            else if (p.rfind("version=", 0) == 0)
                version_ok = p == "version=3";
            first = false;
        }
        if (type_ok && version_ok) return true;
    }
    return false;
}

// The token from "Bearer <token>" or "Basic base64(<any>:<token>)"; empty when neither.
std::string presented_token(const std::string& authorization) {
    const auto space = authorization.find(' ');
    if (space == std::string::npos) return {};
    const std::string scheme = lower(authorization.substr(0, space));
    std::string value = trim(authorization.substr(space + 1));
    if (scheme == "bearer") return value;
    if (scheme == "basic") {
        try {
            std::istringstream in(value);
            Poco::Base64Decoder decoder(in);
            std::string decoded((std::istreambuf_iterator<char>(decoder)),
                                std::istreambuf_iterator<char>());
            const auto colon = decoded.find(':');
            return colon == std::string::npos ? std::string{} : decoded.substr(colon + 1);
        } catch (...) {
            return {};
        }
    }
    return {};
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    std::stringstream in(path);
    std::string part;
    while (std::getline(in, part, '/'))
        if (!part.empty()) out.push_back(part);
    return out;
}

std::string etag_of(const std::string& body) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : body) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[24];
    (void)std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

class ApiRequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ApiRequestHandler(ServerState& state) : state_(state) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        RecordedRequest rec;
        rec.received_at = std::chrono::system_clock::now();
        rec.method = request.getMethod();
        rec.range = request.get("Range", "");
        rec.accept = request.get("Accept", "");
        rec.user_agent = request.get("User-Agent", "");
        rec.request_id = request.get("Request-Id", "");
        rec.if_none_match = request.get("If-None-Match", "");
        rec.has_authorization = request.has("Authorization");
        try {
            Poco::URI uri(request.getURI());
            rec.path = uri.getPath();
            rec.query = uri.getRawQuery();
        } catch (...) {
            rec.path = request.getURI();
        }
        try {
            rec.status = serve(request, response, rec);
        } catch (...) {
            rec.status = 500;
            if (!response.sent()) {
                try {
                    send(response, 500,
                         views::error("internal_server_error", "Internal server error.").dump(),
                         {});
                } catch (...) {}
            }
        }
        state_.log().add(std::move(rec));
    }

private:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    void send(Poco::Net::HTTPServerResponse& response, int status, const std::string& body,
              const Headers& headers) {
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        response.set("Request-Id", state_.next_request_id());
        response.set("RateLimit-Remaining", std::to_string(state_.bucket().remaining()));
        response.set("Cache-Control", "private, no-cache");
        if (!oauth_scope_.empty()) response.set("OAuth-Scope", oauth_scope_);
        for (const auto& [name, value] : headers) response.set(name, value);
        if (status == 304) {
            response.setContentLength(0);
            response.send();
            return;
        }
        response.setContentType("application/json");
        response.sendBuffer(body.data(), body.size());
    }

    int error(Poco::Net::HTTPServerResponse& response, int status, const std::string& id,
              const std::string& message, const Headers& headers = {}) {
        send(response, status, views::error(id, message).dump(), headers);
        return status;
    }

    int serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
              const RecordedRequest& rec) {
        const auto latency = state_.latency();
        if (latency.count() > 0) std::this_thread::sleep_for(latency);

        if (rec.method != "GET")
            return error(response, 405, "method_not_allowed",
                         "Only GET is served by this API simulation.", {{"Allow", "GET"}});
        if (!accept_ok(rec.accept))
            return error(response, 406, "not_acceptable",
                         "Please specify a version along with Heroku's API MIME type. For example, "
                         "`Accept: application/vnd.heroku+json; version=3`.");
        const FaultSpec faults = state_.faults();
        const std::string token = presented_token(request.get("Authorization", ""));
        if (token.empty() || token != state_.token() || faults.token_expired)
            return error(response, 401, "unauthorized", "Invalid credentials provided.",
                         {{"WWW-Authenticate", "Bearer realm=\"Heroku\""}});
        oauth_scope_ = faults.hostile.token_scope;

        if (rec.path == "/account/rate-limits") {  // costs nothing
            const nlohmann::json body = {{"remaining", state_.bucket().remaining()}};
            send(response, 200, body.dump(), {});
            return 200;
        }
        if (!state_.bucket().try_take())
            return error(response, 429, "rate_limit",
                         "Your account reached the API rate limit. Please wait a few minutes "
                         "before making new requests.");
        int injected = 0;
        if (state_.take_server_error(rec.path, rec.query, injected))
            return error(response, injected,
                         injected == 503 ? "unavailable" : "internal_server_error",
                         "Injected server error.");

        const auto segments = split_path(rec.path);
        if (const auto denial = hostile_denial(state_.account(), faults.hostile, segments)) {
            Headers accepted;
            if (!denial->scope_accepted.empty())
                accepted.emplace_back("OAuth-Scope-Accepted", denial->scope_accepted);
            return error(response, denial->status, denial->id, denial->message, accepted);
        }
        if (const auto raw = hostile_raw_body(state_.account(), faults.hostile, segments)) {
            send(response, 200, *raw, {});
            return 200;
        }
        std::shared_ptr<const ApiAnswer> shared;
        if (answer_is_cacheable(segments))
            shared = state_.cached_answer(
                rec.path, [&] { return route_get(state_.account(), faults, segments); });
        else
            shared = std::make_shared<const ApiAnswer>(route_get(
                state_.account(), faults, segments, RouteContext{rec.query, state_.now()}));
        std::optional<ApiAnswer> changed =
            hostile_content(state_.account(), faults.hostile, segments, *shared);
        if (auto set = with_config_var_changes(segments, changed ? *changed : *shared))
            changed = std::move(set);
        const ApiAnswer& answer = changed ? *changed : *shared;
        if (answer.status != 200)
            return error(response, answer.status, answer.body.value("id", "error"),
                         answer.body.value("message", ""));

        Headers headers;
        int status = 200;
        std::string body;
        if (!answer.range_attributes.empty()) {
            headers.emplace_back("Accept-Ranges", join(answer.range_attributes));
            const std::string range =
                hostile_range(state_.account(), faults.hostile, segments, rec.range, answer);
            PageResult page =
                paginate(answer.body, answer.range_attributes, range, state_.page_size(answer));
            if (page.status == 416)
                return error(response, 416, "requested_range_not_satisfiable",
                             "Requested range not satisfiable. Accepted range attributes: " +
                                 join(answer.range_attributes) + ".",
                             headers);
            status = page.status;
            if (!page.content_range.empty())
                headers.emplace_back("Content-Range", page.content_range);
            if (!page.next_range.empty()) headers.emplace_back("Next-Range", page.next_range);
            hostile_page_items(state_.account(), faults.hostile, segments, range, page.items);
            body = page.items.dump();
        } else {
            body = answer.body.dump();
        }
        const std::string etag = etag_of(body);
        headers.emplace_back("ETag", etag);
        if (!rec.if_none_match.empty() && rec.if_none_match == etag) {
            if (state_.not_modified_cost() == NotModifiedCost::free) state_.bucket().give_back();
            send(response, 304, {}, headers);
            return 304;
        }
        send(response, status, body, headers);
        return status;
    }

    // GET /apps/{app}/config-vars with the vars set after start (FakeHeroku::set_config_var);
    // nullopt when the path is another or nothing was set for the app.
    std::optional<ApiAnswer> with_config_var_changes(const std::vector<std::string>& segments,
                                                     const ApiAnswer& answer) const {
        if (answer.status != 200 || segments.size() != 3 || segments[0] != "apps" ||
            segments[2] != "config-vars" || !answer.body.is_object())
            return std::nullopt;
        const App* app = state_.account().find_app(segments[1]);
        if (app == nullptr) return std::nullopt;
        const nlohmann::json set = state_.config_var_changes(app->id);
        if (set.empty()) return std::nullopt;
        ApiAnswer changed = answer;
        for (const auto& [name, value] : set.items()) changed.body[name] = value;
        return changed;
    }

    ServerState& state_;
    std::string oauth_scope_;  // OAuth-Scope of every answer once the token is accepted
};

}  // namespace

Poco::Net::HTTPRequestHandler* ApiHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
    return new ApiRequestHandler(state_);
}

}  // namespace iru::fake
