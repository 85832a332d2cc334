// Surveys in the ledger (SPEC §7, issue 5): instruments, survey events checked
// against their instrument's scale, answers matched to the sends they answer,
// and response rates by period, channel, product and instrument. Every
// expected value is worked out by hand in the comments.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/catalog.h"
#include "postventa/event.h"
#include "postventa/ledger.h"
#include "postventa/survey.h"
#include "postventa/time.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Date D(const char* iso) { return *parse_date(iso); }

Product Washer() {
  Product p;
  p.sku = "WASHER";
  p.warranties = {*warranty_preset("legal-es")};
  return p;
}

// A kiosk questionnaire: three questions on different scales, weights 2, 1, 1.
Instrument Kiosk() {
  Instrument k;
  k.name = "kiosk";
  k.questions = {{"speed", 1, 5, 2, ""}, {"staff", 0, 10, 1, ""}, {"clean", 1, 3, 1, ""}};
  return k;
}

class LedgerSurveysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(ledger_, Ledger::open_memory());
    ASSERT_OK(ledger_->add_product(Washer()));
    Event sold = Unit(EventType::kSold, "W1", "2025-03-03");
    sold.customer = "C1";
    sold.product = "WASHER";
    sold.price = 50000;
    sold.channel = "store";
    Rec(sold);
    Rec(Unit(EventType::kDelivered, "W1", "2025-03-05"));
  }

  Event Unit(EventType type, const char* unit, const char* date) {
    Event e;
    e.id = "e" + std::to_string(++n_);
    e.type = type;
    e.unit = unit;
    e.date = D(date);
    return e;
  }
  Event Sent(const char* date, const char* customer, const char* unit, const char* channel,
             const char* instrument) {
    Event e;
    e.id = "e" + std::to_string(++n_);
    e.type = EventType::kSurveySent;
    e.date = D(date);
    e.customer = customer;
    e.unit = unit;
    e.channel = channel;
    e.instrument = instrument;
    return e;
  }
  Event Answered(const char* date, const char* customer, const char* unit, const char* channel,
                 const char* instrument, std::optional<double> score) {
    Event e = Sent(date, customer, unit, channel, instrument);
    e.type = EventType::kSurveyAnswered;
    e.score = score;
    return e;
  }
  void Rec(const Event& e) { ASSERT_OK(ledger_->record(e).status()) << e.id; }

  std::unique_ptr<Ledger> ledger_;
  int n_ = 0;
};

// ---- Instruments and the checks on survey events ----

TEST_F(LedgerSurveysTest, BuiltInInstrumentsAreAlwaysThere) {
  ASSERT_OK_AND_ASSIGN(const Instrument nps, ledger_->instrument("nps"));
  ASSERT_EQ(nps.questions.size(), 1u);
  EXPECT_EQ(nps.questions[0].min, 0);
  EXPECT_EQ(nps.questions[0].max, 10);
  ASSERT_OK_AND_ASSIGN(const Instrument servqual, ledger_->instrument("servqual"));
  EXPECT_EQ(servqual.questions.size(), 44u);
  EXPECT_EQ(ledger_->instrument("kiosk").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LedgerSurveysTest, AnAnswerOutsideItsScaleIsRefusedAndNothingIsStored) {
  const int64_t before = ledger_->event_count();
  const absl::Status s =
      ledger_->record(Answered("2025-03-11", "C1", "W1", "digital", "nps", 11)).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "score: 11 is outside the scale 0-10 of instrument \"nps\"");
  // CSAT is 1-5: 0 is outside; CES 1-7: 7.5 is not a whole number.
  EXPECT_THAT(std::string(ledger_->record(Answered("2025-03-11", "C1", "W1", "digital", "csat", 0))
                              .status()
                              .message()),
              HasSubstr("0 is outside the scale 1-5"));
  EXPECT_THAT(std::string(ledger_->record(Answered("2025-03-11", "C1", "W1", "digital", "ces", 6.5))
                              .status()
                              .message()),
              HasSubstr("6.5 is not a whole number"));
  EXPECT_EQ(ledger_->event_count(), before);
}

TEST_F(LedgerSurveysTest, AnUnknownInstrumentIsRefusedOnSendsAndAnswers) {
  const absl::Status sent =
      ledger_->record(Sent("2025-03-10", "C1", "W1", "paper", "kiosk")).status();
  EXPECT_EQ(sent.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(sent.message(),
            "instrument: \"kiosk\" is not in this ledger (built-in: nps, csat, ces, servqual; "
            "add others first)");
  Event answer = Answered("2025-03-11", "C1", "W1", "paper", "kiosk", std::nullopt);
  answer.answers = {5, 10, 3};
  EXPECT_EQ(ledger_->record(answer).status().code(), absl::StatusCode::kFailedPrecondition);
  // In a batch the position comes first.
  const std::vector<Event> batch = {Sent("2025-03-10", "C1", "W1", "paper", "nps"), answer};
  EXPECT_THAT(std::string(ledger_->record_many(batch).status().message()),
              HasSubstr("events[1]: instrument: \"kiosk\""));
  EXPECT_EQ(ledger_->event_count(), 2);  // sold and delivered only
}

TEST_F(LedgerSurveysTest, ScoreAndAnswersAreExclusive) {
  Event both = Answered("2025-03-11", "C1", "W1", "digital", "nps", 9);
  both.answers = {9};
  EXPECT_EQ(ledger_->record(both).status().message(),
            "answers: give score (one-question instruments) or answers, not both");
  const Event neither = Answered("2025-03-11", "C1", "W1", "digital", "nps", std::nullopt);
  EXPECT_THAT(std::string(ledger_->record(neither).status().message()),
              HasSubstr("score: required"));
}

TEST_F(LedgerSurveysTest, CustomInstrumentsAreAddedOnceAndCheckTheirAnswers) {
  ASSERT_OK(ledger_->add_instrument(Kiosk()));
  ASSERT_OK(ledger_->add_instrument(Kiosk()));  // the same again: a no-op
  Instrument other = Kiosk();
  other.questions[0].weight = 3;
  EXPECT_EQ(ledger_->add_instrument(other).code(), absl::StatusCode::kAlreadyExists);
  Instrument nps = Kiosk();
  nps.name = "nps";
  EXPECT_EQ(ledger_->add_instrument(nps).code(), absl::StatusCode::kInvalidArgument);

  Event wrong = Answered("2025-03-11", "C1", "W1", "paper", "kiosk", std::nullopt);
  wrong.answers = {5, 11, 3};
  EXPECT_EQ(ledger_->record(wrong).status().message(),
            "answers[1]: 11 is outside the scale 0-10 of question \"staff\"");
  wrong.answers = {5, 10};
  EXPECT_EQ(ledger_->record(wrong).status().message(),
            "answers: instrument \"kiosk\" has 3 questions, got 2");
  Event right = wrong;
  right.answers = {5, std::nullopt, 2};
  Rec(right);
  // Index: speed 5 on 1-5 -> 1, clean 2 on 1-3 -> 0.5, staff skipped:
  // 100 * (2 * 1 + 1 * 0.5) / (2 + 1) = 83.333...
  ASSERT_OK_AND_ASSIGN(const std::vector<SurveyAnswer> answers,
                       ledger_->survey_answers(D("2025-03-01"), D("2025-03-31")));
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_DOUBLE_EQ(answers[0].score, 250.0 / 3.0);
  EXPECT_EQ(answers[0].instrument, "kiosk");
  ASSERT_OK_AND_ASSIGN(const std::vector<Event> none, ledger_->history("W1"));
  EXPECT_EQ(none.size(), 2u);  // surveys are not unit events
}

TEST_F(LedgerSurveysTest, ServqualAnswersScoreAsTheRespondentsOverallGap) {
  // Expectations all 6; perceptions 5 for Tangibles (items 1-4), 7 for
  // Reliability (5-9), 6 for the rest. Dimension gaps -1, +1, 0, 0, 0; their
  // mean is 0. Then perception 4 on item 1 only: Tangibles' gaps are
  // -2, -1, -1, -1 -> mean -1.25, overall (-1.25 + 1) / 5 = -0.05.
  Event e = Answered("2025-03-11", "C1", "W1", "interviewer", "servqual", std::nullopt);
  e.answers.assign(44, 6.0);
  for (int i = 0; i < 4; ++i) e.answers[22 + i] = 5;
  for (int i = 4; i < 9; ++i) e.answers[22 + i] = 7;
  Rec(e);
  Event f = e;
  f.id = "servqual-2";
  f.answers[22] = 4;
  Rec(f);
  e.id = "servqual-3";
  e.answers.pop_back();
  EXPECT_EQ(ledger_->record(e).status().message(),
            "answers: instrument \"servqual\" has 44 questions, got 43");
  ASSERT_OK_AND_ASSIGN(const std::vector<SurveyAnswer> answers,
                       ledger_->survey_answers(D("2025-03-11"), D("2025-03-11")));
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_NEAR(answers[0].score, 0.0, 1e-15);
  EXPECT_NEAR(answers[1].score, -0.05, 1e-15);
}

// ---- Matching answers to sends, and response rates ----

// The story (customer C1 owns washer W1; C2 and C3 have no unit here):
//   03-10 Mon  C1/W1 sent digital nps           -> answered 03-11 (nps 9)
//   03-12 Wed  C1/W1 sent paper, no instrument  -> answered 03-15 (csat 4): an
//              unnamed send takes any instrument
//   03-16      C1/W1 answered nps 7: no send left open -> unsolicited
//   03-20 Thu  C2 sent interviewer nps          -> never answered
//   04-02 Wed  C3 sent digital nps              -> answered 04-05 (nps 10)
//   04-03      C3 answered an nps dated before no send but after the 04-02 one?
//              no: the 04-02 send is taken by the earlier 04-03 answer below.
class SurveyStoryTest : public LedgerSurveysTest {
 protected:
  void SetUp() override {
    LedgerSurveysTest::SetUp();
    if (HasFatalFailure()) return;
    Rec(Sent("2025-03-10", "C1", "W1", "digital", "nps"));
    Rec(Answered("2025-03-11", "C1", "W1", "digital", "nps", 9));
    Rec(Sent("2025-03-12", "C1", "W1", "paper", ""));
    Rec(Answered("2025-03-15", "C1", "W1", "paper", "csat", 4));
    Rec(Answered("2025-03-16", "C1", "W1", "digital", "nps", 7));
    Rec(Sent("2025-03-20", "C2", "", "interviewer", "nps"));
    // Recorded out of date order: the answer arrives before its send.
    Rec(Answered("2025-04-05", "C3", "", "digital", "nps", 10));
    Rec(Sent("2025-04-02", "C3", "", "digital", "nps"));
  }
};

TEST_F(SurveyStoryTest, AnswersAreMatchedToTheEarliestOpenSend) {
  ASSERT_OK_AND_ASSIGN(const std::vector<SurveyAnswer> march,
                       ledger_->survey_answers(D("2025-03-01"), D("2025-03-31")));
  ASSERT_EQ(march.size(), 3u);
  EXPECT_EQ(march[0].date, D("2025-03-11"));
  EXPECT_EQ(march[0].score, 9);
  EXPECT_EQ(march[0].product, "WASHER");
  EXPECT_EQ(march[0].sent, D("2025-03-10"));
  EXPECT_EQ(march[1].instrument, "csat");
  EXPECT_EQ(march[1].sent, D("2025-03-12"));
  EXPECT_EQ(march[2].score, 7);
  EXPECT_EQ(march[2].sent, std::nullopt);

  ASSERT_OK_AND_ASSIGN(const std::vector<SurveyAnswer> april,
                       ledger_->survey_answers(D("2025-04-01"), D("2025-04-30")));
  ASSERT_EQ(april.size(), 1u);
  EXPECT_EQ(april[0].customer, "C3");
  EXPECT_EQ(april[0].product, "");
  EXPECT_EQ(april[0].sent, D("2025-04-02"));
}

TEST_F(SurveyStoryTest, ResponseRatesByMonthChannelProductAndInstrument) {
  ASSERT_OK_AND_ASSIGN(const std::vector<SurveyResponse> rows,
                       ledger_->survey_responses(D("2025-03-01"), D("2025-04-30")));
  EXPECT_THAT(rows, ElementsAre(SurveyResponse{D("2025-03-01"), "digital", "WASHER", "nps", 1, 1},
                                SurveyResponse{D("2025-03-01"), "interviewer", "", "nps", 1, 0},
                                SurveyResponse{D("2025-03-01"), "paper", "WASHER", "", 1, 1},
                                SurveyResponse{D("2025-04-01"), "digital", "", "nps", 1, 1}));
  // March only: the April send is outside, whatever its answer's date.
  ASSERT_OK_AND_ASSIGN(const std::vector<SurveyResponse> march,
                       ledger_->survey_responses(D("2025-03-01"), D("2025-03-31")));
  EXPECT_EQ(march.size(), 3u);
}

TEST_F(SurveyStoryTest, ResponseRatesByOtherPeriods) {
  // ISO weeks start on Monday: 03-10 and 03-12 -> 03-10; 03-20 -> 03-17;
  // 04-02 -> 03-31.
  ASSERT_OK_AND_ASSIGN(
      const std::vector<SurveyResponse> weeks,
      ledger_->survey_responses(D("2025-03-01"), D("2025-04-30"), SurveyPeriod::kWeek));
  ASSERT_EQ(weeks.size(), 4u);
  EXPECT_EQ(weeks[0].period, D("2025-03-10"));
  EXPECT_EQ(weeks[1].period, D("2025-03-10"));
  EXPECT_EQ(weeks[2].period, D("2025-03-17"));
  EXPECT_EQ(weeks[3].period, D("2025-03-31"));
  // One period: grouped by channel, product and instrument only, dated at start.
  ASSERT_OK_AND_ASSIGN(
      const std::vector<SurveyResponse> all,
      ledger_->survey_responses(D("2025-02-15"), D("2025-12-31"), SurveyPeriod::kAll));
  EXPECT_THAT(all, ElementsAre(SurveyResponse{D("2025-02-15"), "digital", "", "nps", 1, 1},
                               SurveyResponse{D("2025-02-15"), "digital", "WASHER", "nps", 1, 1},
                               SurveyResponse{D("2025-02-15"), "interviewer", "", "nps", 1, 0},
                               SurveyResponse{D("2025-02-15"), "paper", "WASHER", "", 1, 1}));
  ASSERT_OK_AND_ASSIGN(
      const std::vector<SurveyResponse> quarters,
      ledger_->survey_responses(D("2025-01-01"), D("2025-12-31"), SurveyPeriod::kQuarter));
  ASSERT_EQ(quarters.size(), 4u);
  EXPECT_EQ(quarters[2].period, D("2025-01-01"));
  EXPECT_EQ(quarters[3].period, D("2025-04-01"));
  EXPECT_EQ(ledger_->survey_responses(D("2025-03-02"), D("2025-03-01")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(LedgerSurveysTest, ASurveyOfACaseTakesTheProductOfTheCasesUnit) {
  Event opened;
  opened.id = "case-1";
  opened.type = EventType::kCaseOpened;
  opened.case_id = "K1";
  opened.unit = "W1";
  opened.customer = "C1";
  opened.kind = "repair";
  opened.priority = "high";
  opened.sla = "std";
  opened.at = absl::FromCivil(absl::CivilSecond(2025, 3, 20, 9, 0, 0), absl::UTCTimeZone());
  opened.date = D("2025-03-20");
  Rec(opened);
  Event answer = Answered("2025-03-25", "C1", "", "interviewer", "csat", 5);
  answer.case_id = "K1";
  Rec(answer);
  ASSERT_OK_AND_ASSIGN(const std::vector<SurveyAnswer> answers,
                       ledger_->survey_answers(D("2025-03-25"), D("2025-03-25")));
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].case_id, "K1");
  EXPECT_EQ(answers[0].unit, "");
  EXPECT_EQ(answers[0].product, "WASHER");
}

TEST(LedgerSurveysFileTest, InstrumentsAndAnswersSurviveReopening) {
  const std::string path =
      (std::filesystem::path(::testing::TempDir()) / "surveys-reopen.pvl").string();
  std::filesystem::remove(path);
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Ledger> ledger, Ledger::open(path));
    ASSERT_OK(ledger->add_instrument(Kiosk()));
    Event e;
    e.id = "a1";
    e.type = EventType::kSurveyAnswered;
    e.date = D("2025-03-11");
    e.customer = "C9";
    e.channel = "digital";
    e.instrument = "kiosk";
    e.answers = {1, 5, std::nullopt};
    ASSERT_OK(ledger->record(e).status());
    ASSERT_OK(ledger->close());
  }
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Ledger> ledger, Ledger::open(path));
  ASSERT_OK_AND_ASSIGN(const Instrument kiosk, ledger->instrument("kiosk"));
  EXPECT_EQ(kiosk, Kiosk());
  ASSERT_OK_AND_ASSIGN(const std::vector<SurveyAnswer> answers,
                       ledger->survey_answers(D("2025-03-11"), D("2025-03-11")));
  ASSERT_EQ(answers.size(), 1u);
  // speed 1 on 1-5 -> 0 (weight 2), staff 5 on 0-10 -> 0.5 (weight 1):
  // 100 * 0.5 / 3 = 16.666...
  EXPECT_DOUBLE_EQ(answers[0].score, 50.0 / 3.0);
  ASSERT_OK(ledger->close());
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

}  // namespace
}  // namespace postventa
