// Surveys and the quality scorecard over a large ledger (issue 5): 100 000
// units, 300 000 survey invitations over two years (60 % answered, some twice:
// the second unsolicited), and the whole-ledger queries an analyst runs on it.
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/ledger.h"
#include "postventa/scorecard.h"
#include "postventa/survey.h"
#include "postventa/time.h"

namespace postventa {
namespace {

constexpr int kUnits = 100000;
constexpr int kSends = 300000;

const Ledger& Surveyed() {
  static const Ledger* const ledger = [] {
    std::unique_ptr<Ledger> l = Ledger::open_memory().value();
    Product p;
    p.sku = "WASHER";
    p.warranties = {*warranty_preset("legal-es")};
    if (!l->add_product(p).ok()) std::abort();
    Instrument kiosk;
    kiosk.name = "kiosk";
    kiosk.questions = {{"speed", 1, 5, 2, ""}, {"staff", 0, 10, 1, ""}, {"clean", 1, 3, 1, ""}};
    if (!l->add_instrument(kiosk).ok()) std::abort();
    std::mt19937_64 rng(7);
    const Date first(2024, 1, 1);
    std::vector<Event> events;
    events.reserve(kUnits * 3 + kSends * 2);
    for (int u = 0; u < kUnits; ++u) {
      Event sold;
      sold.id = absl::StrCat("s", u);
      sold.type = EventType::kSold;
      sold.unit = absl::StrCat("U", u);
      sold.date = first + static_cast<int>(rng() % 300);
      sold.customer = absl::StrCat("C", u);
      sold.product = "WASHER";
      sold.price = 50000;
      sold.channel = "store";
      Event delivered;
      delivered.id = absl::StrCat("d", u);
      delivered.type = EventType::kDelivered;
      delivered.unit = sold.unit;
      delivered.date = sold.date + 3;
      Event checked = delivered;
      checked.id = absl::StrCat("k", u);
      checked.type = EventType::kDeliveryChecked;
      checked.outcome = rng() % 20 == 0 ? "damaged" : "ok";
      events.push_back(sold);
      events.push_back(delivered);
      events.push_back(checked);
    }
    const char* const channels[] = {"paper", "interviewer", "digital"};
    const char* const instruments[] = {"nps", "csat", "ces", "kiosk"};
    for (int s = 0; s < kSends; ++s) {
      const int u = static_cast<int>(rng() % kUnits);
      Event sent;
      sent.id = absl::StrCat("q", s);
      sent.type = EventType::kSurveySent;
      sent.unit = absl::StrCat("U", u);
      sent.customer = absl::StrCat("C", u);
      sent.date = first + 30 + static_cast<int>(rng() % 670);
      sent.channel = channels[rng() % 3];
      sent.instrument = instruments[rng() % 4];
      events.push_back(sent);
      const int answers = rng() % 10 < 6 ? (rng() % 10 == 0 ? 2 : 1) : 0;
      for (int a = 0; a < answers; ++a) {
        Event answer = sent;
        answer.id = absl::StrCat("a", s, "-", a);
        answer.type = EventType::kSurveyAnswered;
        answer.date = sent.date + 1 + static_cast<int>(rng() % 14);
        if (sent.instrument == "kiosk") {
          answer.answers = {static_cast<double>(1 + rng() % 5), static_cast<double>(rng() % 11),
                            static_cast<double>(1 + rng() % 3)};
        } else if (sent.instrument == "nps") {
          answer.score = static_cast<double>(rng() % 11);
        } else if (sent.instrument == "csat") {
          answer.score = static_cast<double>(1 + rng() % 5);
        } else {
          answer.score = static_cast<double>(1 + rng() % 7);
        }
        events.push_back(answer);
      }
    }
    if (!l->record_many(events).ok()) std::abort();
    return l.release();
  }();
  return *ledger;
}

void BM_SurveyAnswersOfAYear(benchmark::State& state) {
  const Ledger& ledger = Surveyed();
  int64_t rows = 0;
  for (auto _ : state) {
    auto answers = ledger.survey_answers(Date(2024, 7, 1), Date(2025, 6, 30));
    if (!answers.ok()) state.SkipWithError("survey_answers failed");
    rows = static_cast<int64_t>(answers->size());
    benchmark::DoNotOptimize(answers);
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["events"] = static_cast<double>(ledger.event_count());
}
BENCHMARK(BM_SurveyAnswersOfAYear)->Unit(benchmark::kMillisecond);

void BM_SurveyResponsesByMonth(benchmark::State& state) {
  const Ledger& ledger = Surveyed();
  int64_t rows = 0;
  for (auto _ : state) {
    auto responses = ledger.survey_responses(Date(2024, 1, 1), Date(2025, 12, 31));
    if (!responses.ok()) state.SkipWithError("survey_responses failed");
    rows = static_cast<int64_t>(responses->size());
    benchmark::DoNotOptimize(responses);
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_SurveyResponsesByMonth)->Unit(benchmark::kMillisecond);

void BM_ScorecardOfAQuarter(benchmark::State& state) {
  const Ledger& ledger = Surveyed();
  const ScorecardConfig config;
  for (auto _ : state) {
    auto card = ledger.scorecard(Date(2025, 1, 1), Date(2025, 3, 31), config);
    if (!card.ok()) state.SkipWithError("scorecard failed");
    benchmark::DoNotOptimize(card);
  }
}
BENCHMARK(BM_ScorecardOfAQuarter)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace postventa

BENCHMARK_MAIN();
