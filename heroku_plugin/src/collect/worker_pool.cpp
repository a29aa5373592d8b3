#include "collect/worker_pool.hpp"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>
#include <vector>

namespace iru::heroku {

void run_on_workers(std::size_t count, std::size_t threads,
                    const std::function<void(std::size_t)>& task,
                    const std::function<bool()>& stopping,
                    const std::function<void(std::size_t, const std::exception&)>& on_error) {
    if (count == 0) return;
    const std::size_t workers = std::clamp<std::size_t>(threads, 1, count);
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (;;) {
            const std::size_t n = next.fetch_add(1);
            if (n >= count || stopping()) return;
            try {
                task(n);
            } catch (const std::exception& e) {
                on_error(n, e);
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers);
    try {
        for (std::size_t i = 0; i < workers; ++i) pool.emplace_back(work);
    } catch (const std::system_error&) {
        // Fewer threads than asked: the ones started (or this thread) do the work.
        if (pool.empty()) work();
    }
    for (auto& t : pool) t.join();
}

}  // namespace iru::heroku
