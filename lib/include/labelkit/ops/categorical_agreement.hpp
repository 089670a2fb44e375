#pragma once
// Agreement statistics for categorical and numeric ratings: several annotators each give
// (at most) one label per item. Pure functions over a RatingTable; no files are touched.
//
// Definitions follow the references the tests check against:
//   - percent agreement, Fleiss' kappa, Conger's kappa, Gwet's AC1 and Brennan-Prediger with
//     missing ratings as in Gwet's irrCAC (*.raw functions): observed agreement over items
//     with two or more ratings, category shares averaged over all items with a rating;
//   - Randolph's free-marginal kappa as statsmodels' fleiss_kappa(method="randolph");
//   - Cohen's kappa (unweighted, linear, quadratic) as scikit-learn's cohen_kappa_score, over
//     the items both annotators rated; Scott's pi as NLTK's AnnotationTask.pi;
//   - Krippendorff's alpha from the coincidence matrix (Krippendorff 2011, "Computing
//     Krippendorff's Alpha-Reliability"), over units with two or more values.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "labelkit/enum_names.hpp"
#include "labelkit/ratings.hpp"

namespace labelkit {

// A statistic that may be undefined for the data (one category only, no pairable items):
// then value is empty and note says why. Never a made-up number. The note also says why a
// defined statistic got no bootstrap interval.
struct Statistic {
    std::optional<double> value;
    std::string note;
    // Bootstrap percentile interval, when asked for and defined.
    std::optional<double> ci_low;
    std::optional<double> ci_high;
};

enum class AlphaLevel { nominal, ordinal, interval, ratio };
template <>
struct EnumTable<AlphaLevel> {
    static constexpr EnumName<AlphaLevel> entries[] = {{AlphaLevel::nominal, "nominal"},
                                                       {AlphaLevel::ordinal, "ordinal"},
                                                       {AlphaLevel::interval, "interval"},
                                                       {AlphaLevel::ratio, "ratio"}};
};

struct AlphaResult {
    Statistic alpha;
    std::optional<double> observed_disagreement;  // D_o
    std::optional<double> expected_disagreement;  // D_e
    std::size_t pairable_values = 0;              // n.. : values in units with two or more
};

struct MultiRaterResult {
    Statistic percent_agreement;
    Statistic fleiss_kappa;
    std::optional<double> fleiss_chance;  // P_e of Fleiss' kappa
    Statistic conger_kappa;
    Statistic randolph_kappa;
    Statistic gwet_ac1;
    std::optional<double> gwet_chance;    // P_e of AC1
    Statistic brennan_prediger;
    std::size_t items_rated = 0;          // items with at least one rating
    std::size_t items_pairable = 0;       // items with two or more ratings
};

struct PairResult {
    std::uint32_t a = 0;  // annotator indices
    std::uint32_t b = 0;
    std::size_t n = 0;    // items both rated
    Statistic percent_agreement;
    Statistic cohen_kappa;
    Statistic cohen_kappa_linear;     // null with a note when the labels have no order
    Statistic cohen_kappa_quadratic;
    Statistic scott_pi;
};

// The statistics over a sample of items: indices into table.items, repeats allowed (the
// bootstrap resamples). They leave the ci fields empty.
MultiRaterResult multi_rater_agreement(const RatingTable& table, std::span<const std::uint32_t> items);
AlphaResult krippendorff_alpha(const RatingTable& table, std::span<const std::uint32_t> items,
                               AlphaLevel level);
PairResult pair_agreement(const RatingTable& table, std::uint32_t a, std::uint32_t b,
                          std::span<const std::uint32_t> items);

// Bootstrap intervals: the items are resampled with replacement `bootstrap` times (a
// xoshiro256** stream seeded from `seed`), every statistic is recomputed on each resample, and
// the interval is the (1 - confidence)/2 and (1 + confidence)/2 percentiles of its values,
// type 7 of Hyndman and Fan (linear between order statistics, R's default). Resamples where
// the statistic is undefined are skipped; with fewer than half of them left, no interval.
struct CategoricalOptions {
    AlphaLevel level = AlphaLevel::nominal;
    std::size_t bootstrap = 0;  // resamples of items for the intervals; 0 = no intervals
    std::uint64_t seed = 1;
    double confidence = 0.95;
};

struct CategoricalReport {
    std::size_t items = 0;
    MultiRaterResult overall;
    AlphaResult alpha;
    AlphaLevel level = AlphaLevel::nominal;
    std::vector<PairResult> pairs;  // every pair a < b, in annotator order
    std::size_t bootstrap = 0;
    double confidence = 0.95;
    std::vector<std::string> notes;  // about the data as a whole (e.g. "only one label is used")
};

// Everything, with bootstrap percentile intervals over items when options.bootstrap > 0.
// The resampling uses its own seeded generator, so a seed gives the same intervals on
// every machine. Throws labelkit::Error when the level needs numbers or an order the
// labels do not have.
CategoricalReport categorical_agreement(const RatingTable& table, const CategoricalOptions& options);

}  // namespace labelkit
