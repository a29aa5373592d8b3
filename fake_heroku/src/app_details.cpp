// generate_app_details(): formation, dynos, config vars, domains, SNI endpoints, log drains,
// features, releases, buildpacks, webhooks and (fir apps) telemetry drains of one app, shaped like
// Heroku's answers.
#include "app_details.hpp"

#include "ids.hpp"
#include "json_views.hpp"

namespace iru::fake {
namespace {

using nlohmann::json;

json app_ref(const App& app) { return {{"id", app.id}, {"name", app.name}}; }

std::string date_at(std::int64_t offset_seconds) { return rfc3339(kEpochBase + offset_seconds); }

}  // namespace

AppDetails generate_app_details(const Account& account, const App& app) {
    AppDetails d;
    Rng rng(mix_seed(account.spec.seed, 1'000'000 + app.index));
    const std::string tag = "a" + std::to_string(app.index);
    auto secret = [&](const std::string& what) {
        std::string s = secret_marker(tag + "-" + what);
        d.secrets.push_back(s);
        return s;
    };
    const std::int64_t base = static_cast<std::int64_t>(app.index) * 37;

    // Releases first: dynos refer to the current one.
    const int release_count = account.spec.releases_per_app;
    std::string current_release_id;
    for (int v = 1; v <= release_count; ++v) {
        const std::string id = rng.uuid();
        const bool current = v == release_count;
        if (current) current_release_id = id;
        const auto& user = account.users[app.owner];
        d.releases.push_back({
            {"addon_plan_names", json::array({"heroku-postgresql:essential-0"})},
            {"artifacts", json::array({{{"type", "slug"}, {"id", rng.uuid()}}})},
            {"app", app_ref(app)},
            {"created_at", date_at(base + static_cast<std::int64_t>(v) * 60)},
            {"description", v == 1 ? "Initial release" : "Deploy " + std::to_string(v)},
            {"id", id},
            {"updated_at", date_at(base + static_cast<std::int64_t>(v) * 60)},
            {"slug", {{"id", rng.uuid()}}},
            {"status", "succeeded"},
            {"user", {{"id", user.id}, {"email", user.email}}},
            {"version", v},
            {"current", current},
            {"output_stream_url",
             "https://release-output.heroku.com/streams/" + secret("release-" + std::to_string(v))},
            {"eligible_for_rollback", !current},
        });
    }

    // Formation and the dynos running it.
    struct Process {
        const char* type;
        const char* command;
        int quantity;
        const char* size;
    };
    std::vector<Process> processes = {
        {"web", "bundle exec puma -C config/puma.rb", rng.between(1, 3), "Standard-1X"}};
    if (app.index % 2 == 0)
        processes.push_back({"worker", "bundle exec sidekiq", rng.between(0, 2), "Standard-2X"});
    int dyno_n = 0;
    for (const auto& p : processes) {
        d.formation.push_back({
            {"app", app_ref(app)},
            {"command", p.command},
            {"created_at", app.created_at},
            {"dyno_size", {{"id", rng.uuid()}, {"name", p.size}}},
            {"id", rng.uuid()},
            {"quantity", p.quantity},
            {"size", p.size},
            {"type", p.type},
            {"updated_at", app.updated_at},
        });
        for (int q = 1; q <= p.quantity; ++q) {
            d.dynos.push_back({
                {"attach_url", "rendezvous://rendezvous.runtime.heroku.com:5000/" +
                                   secret("dyno-" + std::to_string(dyno_n++))},
                {"command", p.command},
                {"created_at", app.released_at},
                {"id", rng.uuid()},
                {"name", std::string(p.type) + "." + std::to_string(q)},
                {"release", {{"id", current_release_id}, {"version", release_count}}},
                {"app", app_ref(app)},
                {"size", p.size},
                {"state", (q == 2 && app.index % 11 == 0) ? "crashed" : "up"},
                {"type", p.type},
                {"updated_at", app.released_at},
            });
        }
    }

    // Config vars: every value is a secret.
    d.config_vars["SECRET_KEY_BASE"] = secret("cv-secret-key-base");
    d.config_vars["API_KEY"] = "sk_live_" + secret("cv-api-key");
    d.config_vars["LANG"] = "en_US.UTF-8;" + secret("cv-lang");
    for (const auto& addon : account.addons)
        for (const auto& att : addon.attachments)
            if (att.app == app.index)
                for (const auto& var : addon.config_vars) {
                    const std::string name =
                        att.name == "DATABASE" || att.name == "REDIS" || att.name == "PAPERTRAIL"
                            ? var
                            : att.name + "_URL";
                    d.config_vars[name] =
                        "postgres://user:" + secret("cv-" + name) + "@db.example.com:5432/d1";
                }

    // Domains: the default one, custom ones for some apps, SNI for some of those.
    d.domains.push_back({{"acm_status", nullptr},
                         {"acm_status_reason", nullptr},
                         {"app", app_ref(app)},
                         {"cname", nullptr},
                         {"created_at", app.created_at},
                         {"hostname", app.name + ".herokuapp.com"},
                         {"id", rng.uuid()},
                         {"kind", "heroku"},
                         {"updated_at", app.created_at},
                         {"status", "succeeded"},
                         {"sni_endpoint", nullptr}});
    if (app.index % 4 == 0) {
        json sni = nullptr;
        std::string sni_id;
        const std::string host = "www." + app.name + ".example.com";
        const std::string domain_id = rng.uuid();
        if (app.index % 8 == 0) {
            sni_id = rng.uuid();
            const std::string sni_name = "tokyo-" + std::to_string(10000 + app.index);
            sni = {{"name", sni_name}, {"id", sni_id}};
            const bool expiring = app.index % 16 == 0;
            d.sni_endpoints.push_back({
                {"certificate_chain", "-----BEGIN CERTIFICATE-----\nMIIFAKECERTIFICATEFOR" +
                                          std::to_string(app.index) +
                                          "\n-----END CERTIFICATE-----\n"},
                {"created_at", app.created_at},
                {"id", sni_id},
                {"name", sni_name},
                {"updated_at", app.updated_at},
                {"display_name", host},
                {"domains", json::array({domain_id})},
                {"app", app_ref(app)},
                {"ssl_cert",
                 {
                     {"ca_signed?", !expiring},
                     {"cert_domains", json::array({host})},
                     {"expires_at", expiring ? date_at(20LL * 86400) : date_at(400LL * 86400)},
                     {"issuer", expiring ? "/CN=" + host : "/C=US/O=Let's Encrypt/CN=R11"},
                     {"self_signed?", expiring},
                     {"starts_at", date_at(-30LL * 86400)},
                     {"subject", "/CN=" + host},
                     {"id", rng.uuid()},
                 }},
            });
        }
        d.domains.push_back({{"acm_status", app.acm ? json("cert issued") : json(nullptr)},
                             {"acm_status_reason", nullptr},
                             {"app", app_ref(app)},
                             {"cname", host + ".herokudns.com"},
                             {"created_at", app.created_at},
                             {"hostname", host},
                             {"id", domain_id},
                             {"kind", "custom"},
                             {"updated_at", app.updated_at},
                             {"status", "succeeded"},
                             {"sni_endpoint", sni}});
    }

    // Log drains: credentials in user-info and query.
    if (app.index % 3 == 0) {
        d.log_drains.push_back({
            {"addon", nullptr},
            {"app", app_ref(app)},
            {"created_at", app.created_at},
            {"id", rng.uuid()},
            {"token", "d." + rng.uuid()},
            {"updated_at", app.updated_at},
            {"url", "syslog+tls://drain:" + secret("drain-userinfo") +
                        "@logs.example-siem.com:6514/heroku?token=" + secret("drain-query")},
        });
    }

    // Features.
    static const struct {
        const char* name;
        const char* description;
    } kFeatures[] = {
        {"runtime-dyno-metadata", "Provide metadata about the dyno in environment variables."},
        {"log-runtime-metrics", "Emit dyno resource usage information into app logs."},
        {"preboot", "Start new dynos before stopping the old ones."}};
    int f = 0;
    for (const auto& feat : kFeatures) {
        d.features.push_back(
            {{"created_at", app.created_at},
             {"description", feat.description},
             {"doc_url", std::string("https://devcenter.heroku.com/articles/") + feat.name},
             {"enabled", (app.index + static_cast<std::size_t>(f)) % 2 == 0},
             {"id", rng.uuid()},
             {"name", feat.name},
             {"state", f == 2 ? "public" : "beta"},
             {"updated_at", app.updated_at},
             {"display_name", feat.name},
             {"feedback_email", "feedback@heroku.com"}});
        ++f;
    }

    // Buildpacks.
    d.buildpack_installations.push_back(
        {{"ordinal", 0}, {"buildpack", {{"url", "heroku/ruby"}, {"name", "heroku/ruby"}}}});
    if (app.index % 4 == 1)
        d.buildpack_installations.push_back(
            {{"ordinal", 1},
             {"buildpack",
              {{"url", "https://github.com/heroku/heroku-buildpack-nodejs"},
               {"name", "heroku/nodejs"}}}});

    // Webhooks: a Slack-style URL holds its secret in the path, and a marked credential in its
    // user-info and query; the signing secret and a custom Authorization header are answered too
    // (Heroku's list answer documents neither: a record must drop them all the same).
    if (app.index % 5 == 0) {
        d.webhooks.push_back(
            {{"app", app_ref(app)},
             {"created_at", app.created_at},
             {"id", rng.uuid()},
             {"include", json::array({"api:release", "api:build"})},
             {"level", app.index % 10 == 0 ? "notify" : "sync"},
             {"updated_at", app.updated_at},
             {"url", "https://hook:" + secret("webhook-userinfo") +
                         "@hooks.slack.com/services/T0IRU/B0IRU/" + secret("webhook-path") +
                         "?token=" + secret("webhook-query")},
             {"secret", secret("webhook-secret")},
             {"authorization", "Bearer " + secret("webhook-authorization")}});
    }

    // Telemetry drains (fir apps): secrets in the endpoint's user-info and query and in the
    // exporter's API key header.
    if (app.generation == "fir") {
        const TelemetryDrain drain{
            rng.uuid(),
            "https://otel:" + secret("otel-userinfo") +
                "@otel.example-observability.com:4318/v1?api_key=" + secret("otel-query"),
            secret("otel-header"), app.created_at};
        d.telemetry_drains.push_back(views::telemetry_drain(drain, app.id, "app"));
    }
    return d;
}

}  // namespace iru::fake
