#pragma once
// labelkit's one parallel loop: independent tasks 0..count-1 on as many threads as the caller
// allows (ReadOptions::jobs, WriteOptions::jobs: --jobs on the command line).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace labelkit {

// The threads a loop of `count` tasks runs on: `jobs` (0: one per core), at most one per task,
// at least one.
inline std::size_t thread_count(std::size_t jobs, std::size_t count) {
    const std::size_t allowed = jobs > 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
    return std::max<std::size_t>(1, std::min(allowed, count));
}

// Runs body(state, i) for every i in [0, count) on thread_count(jobs, count) threads: the calling
// thread and the others it starts, each with its own default-constructed State. Indices are
// handed out in increasing order. Once a call throws, no thread runs a higher index; when every
// thread has stopped, the exception of the lowest index that threw is rethrown. Every index below
// it has then run, as in a plain loop, so the error reported does not depend on the number of
// threads or on their timing. With one thread everything runs on the calling thread.
template <class State, class Body>
void parallel_for(std::size_t count, std::size_t jobs, Body&& body) {
    constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> failed_at{none};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    const auto work = [&] {
        State state;
        for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
            if (i > failed_at.load()) return;
            try {
                body(state, i);
            } catch (...) {
                const std::lock_guard lock(failure_mutex);
                if (i < failed_at.load()) {
                    failed_at.store(i);
                    failure = std::current_exception();
                }
                return;
            }
        }
    };
    {
        const std::size_t threads = thread_count(jobs, count);  // hardware_concurrency() reads /sys
        std::vector<std::jthread> helpers;
        helpers.reserve(threads - 1);
        for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
        work();
    }  // joins the helpers
    if (failure) std::rethrow_exception(failure);
}

// The same loop without per-thread state: body(i).
template <class Body>
void parallel_for(std::size_t count, std::size_t jobs, Body&& body) {
    struct NoState {};
    parallel_for<NoState>(count, jobs, [&](NoState&, std::size_t i) { body(i); });
}

}  // namespace labelkit
