#pragma once
// A seeded pseudo-random generator that gives the same numbers on every machine (the
// distributions of <random> do not promise that): for bootstrap resampling and splits.
#include <cstdint>

namespace labelkit {

// xoshiro256** (Blackman and Vigna) seeded through splitmix64: the same stream on every
// machine, which the distributions of <random> do not promise.
class Random {
public:
    explicit Random(std::uint64_t seed) {
        for (std::uint64_t& s : state_) s = splitmix64(seed);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, range) for range > 0, without bias: Lemire's multiply-shift, rejecting
    // the 2^32 mod range low products that would favour some results.
    std::uint32_t below(std::uint32_t range) {
        std::uint64_t product = (next() >> 32) * range;
        auto low = static_cast<std::uint32_t>(product);
        if (low < range) {
            const std::uint32_t threshold = (0u - range) % range;
            while (low < threshold) {
                product = (next() >> 32) * range;
                low = static_cast<std::uint32_t>(product);
            }
        }
        return static_cast<std::uint32_t>(product >> 32);
    }

    // One step of splitmix64: advances x and returns a well-mixed 64-bit value.
    static std::uint64_t splitmix64(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t state_[4];
};

}  // namespace labelkit
