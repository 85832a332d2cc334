// Survey instruments (SPEC §7, issue 5 point 1): the built-ins, validation,
// the JSON form and the score of one response. Every expected score is worked
// out by hand in the comments; every error message is the exact text
// docs/surveys.md promises.
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "postventa/satisfaction.h"
#include "postventa/survey.h"
#include "status_macros.h"

namespace postventa {
namespace {

using ::testing::StartsWith;

using Answers = std::vector<std::optional<double>>;
constexpr std::nullopt_t kSkip = std::nullopt;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

SurveyQuestion Q(std::string id, int min, int max, double weight = 1, std::string text = "") {
  SurveyQuestion q;
  q.id = std::move(id);
  q.min = min;
  q.max = max;
  q.weight = weight;
  q.text = std::move(text);
  return q;
}

Instrument Builtin(absl::string_view name) {
  absl::StatusOr<Instrument> instrument = builtin_instrument(name);
  EXPECT_TRUE(instrument.ok()) << instrument.status();
  return instrument.ok() ? *instrument : Instrument{};
}

// "x": five questions q1..q5 on 1-7, weight 1.
Instrument FiveOnSeven() {
  Instrument x;
  x.name = "x";
  for (int i = 1; i <= 5; ++i) x.questions.push_back(Q(absl::StrCat("q", i), 1, 7));
  return x;
}

void ExpectError(const absl::Status& status, absl::StatusCode code, absl::string_view message) {
  EXPECT_EQ(status.code(), code) << status;
  EXPECT_EQ(status.message(), message);
}

void ExpectInvalid(const absl::Status& status, absl::string_view message) {
  ExpectError(status, absl::StatusCode::kInvalidArgument, message);
}

// ---- built-ins ----

TEST(BuiltinInstruments, NamesInOrder) {
  EXPECT_EQ(builtin_instrument_names(),
            (std::vector<std::string>{"nps", "csat", "ces", "servqual"}));
  for (const std::string& name : builtin_instrument_names()) {
    EXPECT_TRUE(is_builtin_instrument(name)) << name;
  }
  EXPECT_FALSE(is_builtin_instrument("NPS"));  // exact match
  EXPECT_FALSE(is_builtin_instrument(""));
  EXPECT_FALSE(is_builtin_instrument("after-repair"));
}

TEST(BuiltinInstruments, OneQuestionScales) {
  struct Case {
    const char* name;
    const char* id;
    int min, max;
  };
  for (const Case& c : {Case{"nps", "recommend", 0, 10}, Case{"csat", "satisfaction", 1, 5},
                        Case{"ces", "effort", 1, 7}}) {
    SCOPED_TRACE(c.name);
    ASSERT_OK_AND_ASSIGN(Instrument instrument, builtin_instrument(c.name));
    EXPECT_EQ(instrument.name, c.name);
    EXPECT_FALSE(instrument.description.empty());
    ASSERT_EQ(instrument.questions.size(), 1u);
    EXPECT_EQ(instrument.questions[0].id, c.id);
    EXPECT_EQ(instrument.questions[0].min, c.min);
    EXPECT_EQ(instrument.questions[0].max, c.max);
    EXPECT_EQ(instrument.questions[0].weight, 1);
    EXPECT_FALSE(instrument.questions[0].text.empty());
  }
}

TEST(BuiltinInstruments, Servqual) {
  ASSERT_OK_AND_ASSIGN(Instrument servqual, builtin_instrument("servqual"));
  ASSERT_EQ(servqual.questions.size(), 44u);
  for (int i = 0; i < 22; ++i) {
    EXPECT_EQ(servqual.questions[i].id, absl::StrCat("e", i + 1));
    EXPECT_EQ(servqual.questions[22 + i].id, absl::StrCat("p", i + 1));
  }
  for (const SurveyQuestion& q : servqual.questions) {
    EXPECT_EQ(q.min, 1) << q.id;
    EXPECT_EQ(q.max, 7) << q.id;
    EXPECT_EQ(q.weight, 1) << q.id;
    EXPECT_FALSE(q.text.empty()) << q.id;
  }
}

TEST(BuiltinInstruments, UnknownNameIsNotFound) {
  ExpectError(builtin_instrument("NPS").status(), absl::StatusCode::kNotFound,
              "instrument: no built-in instrument named \"NPS\" (built in: nps, csat, ces, "
              "servqual)");
}

TEST(BuiltinInstruments, BuiltinsAreNotUserInstruments) {
  // A built-in is complete on its own, but a user may not define one by its name.
  ExpectInvalid(
      validate_instrument(Builtin("nps")),
      "name: \"nps\" is the name of the built-in instrument \"nps\"; choose another name");
  ExpectInvalid(parse_instrument(instrument_to_json(Builtin("servqual"))).status(),
                "name: \"servqual\" is the name of the built-in instrument \"servqual\"; choose "
                "another name");
}

// ---- one-question instruments ----

TEST(ResponseScore, OneQuestionBuiltinsGiveTheAnswer) {
  const Instrument nps = Builtin("nps"), csat = Builtin("csat"), ces = Builtin("ces");
  EXPECT_EQ(*response_score(nps, 0, {}), 0);
  EXPECT_EQ(*response_score(nps, 9, {}), 9);
  EXPECT_EQ(*response_score(nps, 10, {}), 10);
  EXPECT_EQ(*response_score(csat, 1, {}), 1);
  EXPECT_EQ(*response_score(csat, 5, {}), 5);
  EXPECT_EQ(*response_score(ces, 7, {}), 7);
  // -0.0 is the whole number 0 and comes back as +0.
  ASSERT_OK_AND_ASSIGN(double zero, response_score(nps, -0.0, {}));
  EXPECT_FALSE(std::signbit(zero));
}

TEST(ResponseScore, OneQuestionErrors) {
  const Instrument nps = Builtin("nps");
  ExpectInvalid(response_score(nps, 11, {}).status(),
                "score: 11 is outside the scale 0-10 of instrument \"nps\"");
  ExpectInvalid(response_score(nps, -1, {}).status(),
                "score: -1 is outside the scale 0-10 of instrument \"nps\"");
  ExpectInvalid(response_score(Builtin("csat"), 0, {}).status(),
                "score: 0 is outside the scale 1-5 of instrument \"csat\"");
  ExpectInvalid(response_score(Builtin("ces"), 8, {}).status(),
                "score: 8 is outside the scale 1-7 of instrument \"ces\"");
  ExpectInvalid(response_score(nps, 9.5, {}).status(), "score: 9.5 is not a whole number");
  ExpectInvalid(response_score(nps, kNaN, {}).status(), "score: nan is not a finite number");
  ExpectInvalid(response_score(nps, -kInf, {}).status(), "score: -inf is not a finite number");
  ExpectInvalid(response_score(nps, std::nullopt, {}).status(),
                "score: missing (instrument \"nps\" has one question)");
  const Answers one = {9};
  ExpectInvalid(response_score(nps, std::nullopt, one).status(),
                "answers: instrument \"nps\" has one question; give score, not answers");
  ExpectInvalid(response_score(nps, 9, one).status(),
                "answers: instrument \"nps\" has one question; give score, not answers");
}

TEST(ResponseScore, OneQuestionCustomInstrumentGivesTheAnswerNotAnIndex) {
  // 3 on a 1-5 scale is 3 (the index would have been 50).
  Instrument x;
  x.name = "after-repair";
  x.questions = {Q("fixed", 1, 5, 2)};
  ASSERT_OK(validate_instrument(x));
  EXPECT_EQ(*response_score(x, 3, {}), 3);
}

// ---- the index of custom instruments ----

TEST(ResponseScore, WeightedIndexWithASkip) {
  // Weights 2, 1, 1 on 1-5; answers 5, 3, skipped.
  // positions: (5-1)/4 = 1, (3-1)/4 = 0.5; the skipped one counts neither in
  // the numerator nor in the weights:
  // 100 * (2*1 + 1*0.5) / (2 + 1) = 100 * 2.5 / 3 = 83.333...
  Instrument x;
  x.name = "x";
  x.questions = {Q("a", 1, 5, 2), Q("b", 1, 5, 1), Q("c", 1, 5, 1)};
  ASSERT_OK_AND_ASSIGN(double index, response_score(x, std::nullopt, Answers{5, 3, kSkip}));
  EXPECT_DOUBLE_EQ(index, 250.0 / 3.0);
}

TEST(ResponseScore, MixedScalesCountByWeightOnly) {
  // q1 0-10 weight 1, q2 1-7 weight 3, q3 -2..2 weight 0.
  // answers 4, 7, -1: positions 4/10 = 0.4, (7-1)/6 = 1, (-1+2)/4 = 0.25.
  // 100 * (1*0.4 + 3*1 + 0*0.25) / (1 + 3 + 0) = 100 * 3.4 / 4 = 85.
  Instrument x;
  x.name = "x";
  x.questions = {Q("q1", 0, 10, 1), Q("q2", 1, 7, 3), Q("q3", -2, 2, 0)};
  ASSERT_OK_AND_ASSIGN(double index, response_score(x, std::nullopt, Answers{4, 7, -1}));
  EXPECT_DOUBLE_EQ(index, 85);
  // The weight-0 question is still checked against its scale.
  ExpectInvalid(response_score(x, std::nullopt, Answers{4, 7, 3}).status(),
                "answers[2]: 3 is outside the scale -2-2 of question \"q3\"");
}

TEST(ResponseScore, IndexEndsAreExactly0And100) {
  Instrument x;
  x.name = "x";
  x.questions = {Q("a", 1, 5, 0.1), Q("b", 0, 10, 0.7), Q("c", 1, 7, 0.3)};
  EXPECT_EQ(*response_score(x, std::nullopt, Answers{5, 10, 7}), 100);
  EXPECT_EQ(*response_score(x, std::nullopt, Answers{1, 0, 1}), 0);
  EXPECT_EQ(*response_score(x, std::nullopt, Answers{kSkip, 10, kSkip}), 100);
}

TEST(ResponseScore, IndexNeedsAnAnsweredWeightedQuestion) {
  Instrument x;
  x.name = "x";
  x.questions = {Q("a", 1, 5, 1), Q("b", 1, 5, 0)};
  ExpectInvalid(response_score(x, std::nullopt, Answers{kSkip, 4}).status(),
                "answers: no question with a weight > 0 is answered (instrument \"x\")");
  ExpectInvalid(response_score(x, std::nullopt, Answers{kSkip, kSkip}).status(),
                "answers: no question with a weight > 0 is answered (instrument \"x\")");
  // With the weighted one answered: 100 * (1 * (2-1)/4) / 1 = 25.
  EXPECT_DOUBLE_EQ(*response_score(x, std::nullopt, Answers{2, kSkip}), 25);
}

TEST(ResponseScore, MultiQuestionErrors) {
  const Instrument x = FiveOnSeven();
  ExpectInvalid(response_score(x, std::nullopt, Answers{1, 2, 3, 9, 4}).status(),
                "answers[3]: 9 is outside the scale 1-7 of question \"q4\"");
  ExpectInvalid(response_score(x, std::nullopt, Answers{1, 2, 3, 4}).status(),
                "answers: instrument \"x\" has 5 questions, got 4");
  ExpectInvalid(response_score(x, std::nullopt, {}).status(),
                "answers: instrument \"x\" has 5 questions, got 0");
  ExpectInvalid(response_score(x, std::nullopt, Answers{1, 2, 3.5, 4, 5}).status(),
                "answers[2]: 3.5 is not a whole number");
  ExpectInvalid(response_score(x, std::nullopt, Answers{1, kNaN, 3, 4, 5}).status(),
                "answers[1]: nan is not a finite number");
  ExpectInvalid(response_score(x, std::nullopt, Answers{1, kInf, 3, 4, 5}).status(),
                "answers[1]: inf is not a finite number");
  ExpectInvalid(response_score(x, 4, {}).status(),
                "score: instrument \"x\" has 5 questions; give answers");
  ExpectInvalid(response_score(x, 4, Answers{1, 2, 3, 4, 5}).status(),
                "score: instrument \"x\" has 5 questions; give answers");
  // The first bad position is the one reported.
  ExpectInvalid(response_score(x, std::nullopt, Answers{0, 2.5, 3, 4, 5}).status(),
                "answers[0]: 0 is outside the scale 1-7 of question \"q1\"");
}

TEST(ResponseScore, NamesInMessagesStayReadable) {
  Instrument x;
  x.name = "reparación \"rápida\"";
  x.questions = {Q("¿arreglado?", 1, 5), Q("b", 1, 5)};
  ExpectInvalid(response_score(x, std::nullopt, Answers{1}).status(),
                "answers: instrument \"reparación \\\"rápida\\\"\" has 2 questions, got 1");
  ExpectInvalid(response_score(x, std::nullopt, Answers{6, 1}).status(),
                "answers[0]: 6 is outside the scale 1-5 of question \"¿arreglado?\"");
  // Text that is not UTF-8 (only reachable through builtin_instrument) is escaped.
  ExpectError(builtin_instrument("n\xffps").status(), absl::StatusCode::kNotFound,
              "instrument: no built-in instrument named \"n\\xffps\" (built in: nps, csat, ces, "
              "servqual)");
}

TEST(ResponseScore, RefusesAnInvalidInstrument) {
  Instrument x = FiveOnSeven();
  x.questions[1] = Q("q2", 5, 3);
  ExpectInvalid(response_score(x, std::nullopt, Answers{1, 2, 3, 4, 5}).status(),
                "instrument.questions[1].max: must be greater than min (5), got 3");
  // A built-in's name with other questions is not the built-in.
  Instrument fake = Builtin("nps");
  fake.questions[0].max = 5;
  ExpectInvalid(response_score(fake, 4, {}).status(),
                "instrument: \"nps\" is a built-in name but the instrument differs from the "
                "built-in one (use builtin_instrument)");
}

// ---- SERVQUAL ----

// One respondent, answers e1..e22 then p1..p22:
//   item:   1 2 3 4 | 5 6 7 8 9 | 10 11 12 13 | 14 15 16 17 | 18 19 20 21 22
//   E:      4 4 4 4 | 4 4 4 4 4 |  4  4  4  4 |  4  4  4  4 |  7  6  5  1  2
//   P:      5 5 6 4 | 3 4 4 2 7 |  1  2  3  4 |  7  7  7  6 |  1  6  7  3  2
//   P - E:  1 1 2 0 |-1 0 0-2 3 | -3 -2 -1  0 |  3  3  3  2 | -6  0  2  2  0
// Dimension gaps (mean of P - E over the dimension's items):
//   Tangibles 4/4 = 1, Reliability 0/5 = 0, Responsiveness -6/4 = -1.5,
//   Assurance 11/4 = 2.75, Empathy -2/5 = -0.4.
// Overall = (1 + 0 - 1.5 + 2.75 - 0.4) / 5 = 1.85 / 5 = 0.37.
const std::vector<double> kE = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 7, 6, 5, 1, 2};
const std::vector<double> kP = {5, 5, 6, 4, 3, 4, 4, 2, 7, 1, 2, 3, 4, 7, 7, 7, 6, 1, 6, 7, 3, 2};

Answers ServqualAnswers() {
  Answers answers;
  for (double e : kE) answers.push_back(e);
  for (double p : kP) answers.push_back(p);
  return answers;
}

TEST(ResponseScore, ServqualIsTheRespondentsOverallGap) {
  ASSERT_EQ(kE.size(), 22u);
  ASSERT_EQ(kP.size(), 22u);
  ASSERT_OK_AND_ASSIGN(double gap,
                       response_score(Builtin("servqual"), std::nullopt, ServqualAnswers()));
  EXPECT_DOUBLE_EQ(gap, 0.37);
  // The same definition as the scores module with one respondent, bit for bit.
  ASSERT_OK_AND_ASSIGN(ServqualState state, servqual_state(kE, kP));
  EXPECT_EQ(gap, state.score().overall);
}

TEST(ResponseScore, ServqualErrors) {
  const Instrument servqual = Builtin("servqual");
  Answers answers = ServqualAnswers();
  ExpectInvalid(response_score(servqual, 4, {}).status(),
                "score: instrument \"servqual\" has 44 questions; give answers");
  ExpectInvalid(
      response_score(servqual, std::nullopt, absl::MakeConstSpan(answers).subspan(0, 43)).status(),
      "answers: instrument \"servqual\" has 44 questions, got 43");
  Answers skipped = answers;
  skipped[5] = kSkip;
  ExpectInvalid(response_score(servqual, std::nullopt, skipped).status(),
                "answers[5]: question \"e6\" is skipped; instrument \"servqual\" needs every "
                "answer");
  Answers high = answers;
  high[30] = 8;  // p9
  ExpectInvalid(response_score(servqual, std::nullopt, high).status(),
                "answers[30]: 8 is outside the scale 1-7 of question \"p9\"");
  Answers low = answers;
  low[0] = 0;
  ExpectInvalid(response_score(servqual, std::nullopt, low).status(),
                "answers[0]: 0 is outside the scale 1-7 of question \"e1\"");
}

// ---- validation ----

Instrument Valid() {
  Instrument x;
  x.name = "after-repair";
  x.description = "After a repair";
  x.questions = {Q("a", 1, 5, 2, "Was it fixed?"), Q("b", 0, 10), Q("c", -3, 3, 0)};
  return x;
}

TEST(ValidateInstrument, AcceptsAValidOneAndTheLimits) {
  EXPECT_OK(validate_instrument(Valid()));
  Instrument edge;
  edge.name = std::string(kMaxSurveyNameBytes, 'n');
  for (int i = 0; i < kMaxSurveyQuestions; ++i) {
    edge.questions.push_back(
        Q(std::string(kMaxSurveyNameBytes - 3, 'q') + absl::StrCat(1000 + i).substr(1),
          -kMaxSurveyScale, kMaxSurveyScale, i == 0 ? kMaxSurveyWeight : 0));
  }
  EXPECT_OK(validate_instrument(edge));
}

TEST(ValidateInstrument, RefusesBuiltinNamesIgnoringCase) {
  for (const char* name : {"nps", "csat", "ces", "servqual"}) {
    Instrument x = Valid();
    x.name = name;
    ExpectInvalid(validate_instrument(x),
                  absl::StrCat("name: \"", name, "\" is the name of the built-in instrument \"",
                               name, "\"; choose another name"));
  }
  Instrument x = Valid();
  x.name = "CSAT";
  ExpectInvalid(validate_instrument(x),
                "name: \"CSAT\" is the name of the built-in instrument \"csat\"; choose another "
                "name");
}

TEST(ValidateInstrument, RefusesDuplicateIds) {
  Instrument x = Valid();
  x.questions[2].id = "a";
  ExpectInvalid(validate_instrument(x),
                "questions[2].id: \"a\" is also the id of questions[0]; ids must be unique");
}

TEST(ValidateInstrument, RefusesAllZeroWeights) {
  Instrument x = Valid();
  for (SurveyQuestion& q : x.questions) q.weight = 0;
  ExpectInvalid(validate_instrument(x),
                "questions: every weight is 0; at least one must be greater than 0");
}

TEST(ValidateInstrument, EveryOtherRule) {
  auto refused = [](void (*edit)(Instrument&), absl::string_view message) {
    Instrument x = Valid();
    edit(x);
    ExpectInvalid(validate_instrument(x), message);
  };
  refused([](Instrument& x) { x.name = ""; }, "name: must not be empty");
  refused([](Instrument& x) { x.name = std::string(101, 'n'); },
          "name: has 101 bytes, at most 100");
  refused([](Instrument& x) { x.name = "bad\xff"; }, "name: is not valid UTF-8 text");
  refused([](Instrument& x) { x.description = "\xc3"; }, "description: is not valid UTF-8 text");
  refused([](Instrument& x) { x.questions.clear(); }, "questions: must have at least one question");
  refused(
      [](Instrument& x) {
        x.questions.clear();
        for (int i = 0; i < 201; ++i) x.questions.push_back(Q(absl::StrCat("q", i), 1, 5));
      },
      "questions: has 201 questions, at most 200");
  refused([](Instrument& x) { x.questions[1].id = ""; }, "questions[1].id: must not be empty");
  refused([](Instrument& x) { x.questions[0].min = -1001; },
          "questions[0].min: -1001 is outside -1000..1000");
  refused([](Instrument& x) { x.questions[0].max = 1001; },
          "questions[0].max: 1001 is outside -1000..1000");
  refused([](Instrument& x) { x.questions[1].max = 0; },
          "questions[1].max: must be greater than min (0), got 0");
  refused([](Instrument& x) { x.questions[0].weight = -1; },
          "questions[0].weight: must be a finite number >= 0, got -1");
  refused([](Instrument& x) { x.questions[0].weight = kNaN; },
          "questions[0].weight: must be a finite number >= 0, got nan");
  refused([](Instrument& x) { x.questions[0].weight = kInf; },
          "questions[0].weight: must be a finite number >= 0, got inf");
  refused([](Instrument& x) { x.questions[0].weight = 2e6; },
          "questions[0].weight: 2e+06 is above the largest weight 1e+06");
  refused([](Instrument& x) { x.questions[2].text = "\xff"; },
          "questions[2].text: is not valid UTF-8 text");
}

// ---- JSON ----

TEST(InstrumentJson, Canonical) {
  Instrument x;
  x.name = "x";
  x.questions = {Q("q1", 1, 5)};
  EXPECT_EQ(
      instrument_to_json(x),
      R"({"name":"x","description":"","questions":[{"id":"q1","min":1,"max":5,"weight":1.0,"text":""}]})");
}

TEST(InstrumentJson, RoundTrip) {
  Instrument x = Valid();
  x.questions[1].weight = 0.1;  // not exact in binary: must still come back bit for bit
  x.questions[1].text = "¿Nos recomendaría? \"0-10\"";
  ASSERT_OK_AND_ASSIGN(Instrument back, parse_instrument(instrument_to_json(x)));
  EXPECT_EQ(back, x);
  EXPECT_EQ(instrument_to_json(back), instrument_to_json(x));
}

TEST(InstrumentJson, DefaultsAndNulls) {
  ASSERT_OK_AND_ASSIGN(Instrument x, parse_instrument(R"({
    "name": "install", "description": null,
    "questions": [{"id": "on_time", "min": 1, "max": 5},
                  {"id": "clean", "min": 0, "max": 3, "weight": 2.5, "text": null}]})"));
  Instrument expected;
  expected.name = "install";
  expected.questions = {Q("on_time", 1, 5, 1), Q("clean", 0, 3, 2.5)};
  EXPECT_EQ(x, expected);
}

TEST(InstrumentJson, ParseErrorsNameThePath) {
  auto refused = [](absl::string_view json, absl::string_view message) {
    SCOPED_TRACE(json);
    ExpectInvalid(parse_instrument(json).status(), message);
  };
  constexpr absl::string_view kQ = R"({"id": "q1", "min": 1, "max": 5})";
  refused("[]", "instrument: expected an instrument object, got []");
  refused(R"({"name": "x", "title": "t", "questions": []})",
          "instrument: unknown field \"title\" (expected name, description, questions)");
  refused(R"({"questions": [{"id": "q1", "min": 1, "max": 5}]})",
          "name: missing (the instrument's name, e.g. \"after-repair\")");
  refused(R"({"name": "x"})", "questions: missing (a list of at least one question)");
  refused(R"({"name": "x", "questions": []})", "questions: must have at least one question");
  refused(R"({"name": 5, "questions": []})", "name: expected an instrument name, got 5");
  refused(R"({"name": "x", "questions": {}})", "questions: expected a list of questions, got {}");
  refused(R"({"name": "x", "questions": [3]})",
          "questions[0]: expected a question object such as {\"id\": \"q1\", \"min\": 1, "
          "\"max\": 5}, got 3");
  refused(absl::StrCat(R"({"name": "x", "questions": [)", kQ,
                       R"(, {"id": "q2", "min": 1, "max": 5, "scale": 7}]})"),
          "questions[1]: unknown field \"scale\" (expected id, min, max, weight, text)");
  refused(absl::StrCat(R"({"name": "x", "questions": [)", kQ, R"(, {"id": "q2", "max": 5}]})"),
          "questions[1].min: missing (the lowest answer of the scale, e.g. 1)");
  refused(R"({"name": "x", "questions": [{"id": "q1", "min": 1}]})",
          "questions[0].max: missing (the highest answer of the scale, e.g. 5)");
  refused(R"({"name": "x", "questions": [{"min": 1, "max": 5}]})",
          "questions[0].id: missing (a question id such as \"q1\")");
  refused(absl::StrCat(R"({"name": "x", "questions": [)", kQ, ",", kQ,
                       R"(, {"id": "q3", "min": 5, "max": 3}]})"),
          "questions[1].id: \"q1\" is also the id of questions[0]; ids must be unique");
  refused(absl::StrCat(R"({"name": "x", "questions": [)", kQ, R"(, {"id": "q2", "min": 1, "max": 5},
                       {"id": "q3", "min": 5, "max": 3}]})"),
          "questions[2].max: must be greater than min (5), got 3");
  refused(R"({"name": "x", "questions": [{"id": "q1", "min": 1.5, "max": 5}]})",
          "questions[0].min: expected a whole number (the lowest answer), got 1.5");
  refused(R"({"name": "x", "questions": [{"id": "q1", "min": 1, "max": "5"}]})",
          "questions[0].max: expected a whole number (the highest answer), got \"5\"");
  refused(R"({"name": "x", "questions": [{"id": "q1", "min": 1, "max": 5, "weight": "2"}]})",
          "questions[0].weight: expected a number >= 0, got \"2\"");
  refused(R"({"name": "x", "questions": [{"id": "q1", "min": 1, "max": 5, "weight": -1}]})",
          "questions[0].weight: must be a finite number >= 0, got -1");
  refused(R"({"name": "x", "questions": [{"id": "q1", "min": -1001, "max": 5}]})",
          "questions[0].min: -1001 is outside -1000..1000");
  refused(R"({"name": "x", "questions": [{"id": 1, "min": 1, "max": 5}]})",
          "questions[0].id: expected a question id such as \"q1\", got 1");
  refused(R"({"name": "x", "questions": [{"id": "q1", "min": 1, "max": 5, "text": 7}]})",
          "questions[0].text: expected the question's wording as a string, got 7");
  refused(R"({"name": "x", "description": [], "questions": []})",
          "description: expected a description as a string, got []");
  refused(R"({"name": "NPS", "questions": [{"id": "q1", "min": 1, "max": 5}]})",
          "name: \"NPS\" is the name of the built-in instrument \"nps\"; choose another name");
  std::string many = R"({"name": "x", "questions": [)";
  for (int i = 0; i < 201; ++i) absl::StrAppend(&many, i ? "," : "", "0");
  refused(absl::StrCat(many, "]}"), "questions: has 201 questions, at most 200");
}

TEST(InstrumentJson, NotJsonAndDuplicateKeys) {
  absl::Status status = parse_instrument("{").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), StartsWith("instrument: not valid JSON: "));
  ExpectInvalid(parse_instrument(R"({"name": "x", "name": "y", "questions": []})").status(),
                "instrument: field \"name\" appears twice in one object");
  ExpectInvalid(
      parse_instrument(R"({"name": "x", "questions": [{"id": "a", "min": 1, "min": 2, "max": 5}]})")
          .status(),
      "instrument: field \"min\" appears twice in one object");
}

}  // namespace
}  // namespace postventa
