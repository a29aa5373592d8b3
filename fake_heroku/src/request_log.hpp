// Every request the fake received, in arrival order. Thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "fake_heroku/fake_heroku.hpp"

namespace iru::fake {

class RequestLog {
public:
    void add(RecordedRequest request);
    std::vector<RecordedRequest> snapshot() const;
    void clear();

private:
    mutable std::mutex mutex_;
    std::vector<RecordedRequest> requests_;
};

}  // namespace iru::fake
