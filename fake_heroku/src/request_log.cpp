#include "request_log.hpp"

namespace iru::fake {

void RequestLog::add(RecordedRequest request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
}

std::vector<RecordedRequest> RequestLog::snapshot() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

void RequestLog::clear() {
    std::lock_guard lock(mutex_);
    requests_.clear();
}

}  // namespace iru::fake
