#include "collect/emitter.hpp"

#include "collect/record_builder.hpp"
#include "collect/scrubbers.hpp"

namespace iru::heroku {

Emitter::Emitter(RecordSink& sink, Logger& logger, CollectionSummary& summary,
                 const RecordTypeFilter& types, const LeakScanner& scanner,
                 std::function<void()> on_refused)
    : sink_(sink),
      logger_(logger),
      summary_(summary),
      types_(types),
      scanner_(scanner),
      on_refused_(std::move(on_refused)) {}

void Emitter::emit(const Row& row, const nlohmann::json& item, const RecordContext& context) {
    if (!wants(row.type) || row.type == record_type::collection_summary) return;
    std::vector<std::string> not_recognized;
    std::vector<Record> records = build_records(row, item, context, not_recognized);
    if (!not_recognized.empty()) note_not_recognized(row.type, std::move(not_recognized));
    const std::string_view scope =
        row.scope == Scope::app && context.app ? std::string_view(context.app->id) : "";
    for (auto& record : records) send(std::move(record), scope);
}

void Emitter::emit_absent(const Row& row, const RecordContext& context) {
    if (!wants(row.type)) return;
    send(absent_record(row, context));
}

void Emitter::send(Record record, std::string_view scope) {
    if (scanner_.leaks(record.key)) {
        warn("dropped a " + std::string(record.type) +
             " record whose key looked like a Heroku token");
        return;
    }
    for (const auto& path : scanner_.scrub(record.data))
        warn("replaced a value that looked like a Heroku token in " + std::string(record.type) +
             " " + record.key + " field " + path);
    summary_.count(record.type);
    summary_.observe(record.type, record.data);
    const bool more = scope.empty()
                          ? sink_.emit(record.type, record.key, record.data)
                          : sink_.emit_scoped(record.type, record.key, record.data, scope);
    if (!more && on_refused_) on_refused_();
}

void Emitter::note_not_recognized(std::string_view type, std::vector<std::string> names) {
    // A field name is Heroku's text too: scanned like any value before it is listed.
    for (auto& name : names) {
        name = scanner_.redact(scrub_text(name));
    }
    summary_.note_fields_not_recognized(type, names);
}

void Emitter::gap(std::string_view kind, std::string resource, std::optional<Ref> app,
                  std::optional<Ref> team, std::string reason) {
    reason = scanner_.redact(reason);
    resource = scanner_.redact(resource);
    std::string line = "gap " + std::string(kind) + " " + resource;
    if (app) line += " (app " + app->name + ")";
    if (team) line += " (team " + team->name + ")";
    log(LogLevel::warn, line + ": " + reason);
    summary_.add_gap(
        {kind, std::move(resource), std::move(app), std::move(team), std::move(reason)});
}

void Emitter::not_offered(NotOffered entry) { summary_.add_not_offered(std::move(entry)); }

void Emitter::warn(std::string warning) {
    warning = scanner_.redact(warning);
    logger_.log(LogLevel::warn, warning);
    summary_.add_warning(std::move(warning));
}

void Emitter::log(LogLevel level, std::string_view message) {
    logger_.log(level, scanner_.redact(message));
}

void Emitter::emit_summary(nlohmann::json data) {
    for (const auto& path : scanner_.scrub(data))
        log(LogLevel::warn,
            "replaced a value that looked like a Heroku token in the collection "
            "summary field " +
                path);
    sink_.emit(record_type::collection_summary, "summary", data);
}

}  // namespace iru::heroku
