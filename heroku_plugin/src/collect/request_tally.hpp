// What reading each record type cost: the requests sent by the reads of its rows, retries and
// conditional requests included, for the summary's requests.by_type. Requests no row's read sent
// (the account, the token, rate limit polls) are in the total only.
// Thread contract: add() and measure() may be called from any thread at once.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/api_client.hpp"

namespace iru::heroku {

class RequestTally {
public:
    void add(std::string_view type, std::uint64_t requests);

    // Runs read (which sends its requests on the calling thread) and adds what it sent to type.
    // A measure() inside read counts for its own type alone.
    template <typename Read>
    auto measure(std::string_view type, Read&& read) {
        const Scope scope(*this, type);
        return std::forward<Read>(read)();
    }

    // {type: requests}, the types that sent none left out; sorted by type.
    nlohmann::json to_json() const;

private:
    // Adds, when it ends, the requests the thread sent while it lived less those inner scopes took.
    class Scope {
    public:
        Scope(RequestTally& tally, std::string_view type) noexcept;
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        RequestTally& tally_;
        std::string_view type_;
        std::uint64_t sent_before_;
        std::uint64_t counted_before_;
    };

    mutable std::mutex mutex_;
    std::map<std::string, std::uint64_t, std::less<>> by_type_;
};

}  // namespace iru::heroku
