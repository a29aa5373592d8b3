// Runs tasks 0..count-1 on up to `threads` worker threads, each task once, in index order of
// pick-up. Stops handing out tasks once stopping() is true. Falls back to the calling thread when
// no thread can be started. A task's exception is passed to on_error with the task's index.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>

namespace iru::heroku {

void run_on_workers(std::size_t count, std::size_t threads,
                    const std::function<void(std::size_t)>& task,
                    const std::function<bool()>& stopping,
                    const std::function<void(std::size_t, const std::exception&)>& on_error);

}  // namespace iru::heroku
