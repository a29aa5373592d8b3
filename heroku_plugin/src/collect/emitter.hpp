// The emitter: the one way a record leaves the collector. It applies the type filter, builds the
// record by its catalogue row (allow-list and scrubbers), runs the last-line leak scan over key
// and data, counts it, and hands it to the sink; it also reports gaps and warnings, scanned for
// leaks before anything is cut. Thread contract: every member may be called from the worker
// threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "collect/catalogue.hpp"
#include "collect/collection_summary.hpp"
#include "collect/filters.hpp"
#include "collect/record_mapping.hpp"
#include "collect/record_sink.hpp"
#include "collect/redaction.hpp"
#include "core/logger.hpp"

namespace iru::heroku {

class Emitter {
public:
    // on_refused: called when the sink asks the collection to stop.
    Emitter(RecordSink& sink, Logger& logger, CollectionSummary& summary,
            const RecordTypeFilter& types, const LeakScanner& scanner,
            std::function<void()> on_refused);

    bool wants(std::string_view type) const { return types_.enabled(type); }

    // Emits the records one answer item makes by its row (none when the type is not wanted).
    // Throws std::invalid_argument for an item of the wrong shape; nothing is emitted then.
    void emit(const Row& row, const nlohmann::json& item, const RecordContext& context);

    // Emits the record saying a row's resource is not there (absent_record), when wanted.
    void emit_absent(const Row& row, const RecordContext& context);

    void gap(std::string_view kind, std::string resource, std::optional<Ref> app,
             std::optional<Ref> team, std::string reason);
    // An endpoint a space's generation does not offer: listed in the summary, not a gap.
    void not_offered(NotOffered entry);
    void warn(std::string warning);                      // logged and listed in the summary
    void log(LogLevel level, std::string_view message);  // scanned for leaks, then logged

    // The final summary record: leak-scanned, then sent (never filtered, never counted).
    void emit_summary(nlohmann::json data);

private:
    // scope: the app id of a per-app row's record (carried forward together); "" for others.
    void send(Record record, std::string_view scope = {});
    void note_not_recognized(std::string_view type, std::vector<std::string> names);

    RecordSink& sink_;
    Logger& logger_;
    CollectionSummary& summary_;
    const RecordTypeFilter& types_;
    const LeakScanner& scanner_;
    std::function<void()> on_refused_;
};

}  // namespace iru::heroku
