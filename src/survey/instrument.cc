// Survey instruments (SPEC §7): the built-ins, validation, the JSON form and
// the score of one response.
//
// Shape errors of the JSON form (wrong type, unknown, missing or doubled key)
// are reported by the parser with the key's path; the rules a hand-built
// Instrument can also break are validate_instrument's, which the parser runs
// last, so both are refused with the same message.
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "catalog/internal/json_text.h"
#include "catalog/internal/rules.h"
#include "nlohmann/json.hpp"
#include "postventa/satisfaction.h"
#include "postventa/survey.h"

namespace postventa {
namespace {

using catalog_internal::CheckKeys;
using catalog_internal::FieldError;
using catalog_internal::ReadInt;
using catalog_internal::ReadString;
using catalog_internal::Shown;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr absl::string_view kServqualName = "servqual";

// The 22 SERVQUAL items (Parasuraman, Zeithaml & Berry 1988), paraphrased, in
// SPEC order: Tangibles 1-4, Reliability 5-9, Responsiveness 10-13,
// Assurance 14-17, Empathy 18-22.
constexpr std::array<absl::string_view, kServqualItems> kServqualItemText = {
    "modern-looking equipment",
    "visually appealing facilities",
    "neat, professional-looking staff",
    "visually appealing materials (leaflets, statements)",
    "doing what was promised by the promised time",
    "sincere interest in solving the customer's problems",
    "performing the service right the first time",
    "providing the service at the promised time",
    "error-free records",
    "telling customers exactly when the service will be performed",
    "prompt service",
    "staff always willing to help",
    "staff never too busy to respond to requests",
    "staff whose behaviour instils confidence",
    "customers feeling safe in their transactions",
    "staff consistently courteous",
    "staff with the knowledge to answer questions",
    "individual attention to each customer",
    "convenient operating hours",
    "staff who give customers personal attention",
    "having the customer's best interests at heart",
    "understanding each customer's specific needs",
};

SurveyQuestion Question(std::string id, int min, int max, std::string text) {
  SurveyQuestion q;
  q.id = std::move(id);
  q.min = min;
  q.max = max;
  q.weight = 1;
  q.text = std::move(text);
  return q;
}

std::vector<Instrument> MakeBuiltins() {
  std::vector<Instrument> out;
  out.push_back({"nps",
                 "Net Promoter Score: likelihood to recommend, 0-10",
                 {Question("recommend", 0, 10,
                           "How likely are you to recommend us to a friend or colleague?")}});
  out.push_back({"csat",
                 "Customer satisfaction, 1 (very dissatisfied) to 5 (very satisfied)",
                 {Question("satisfaction", 1, 5, "How satisfied are you with our service?")}});
  out.push_back(
      {"ces",
       "Customer effort score, 1 (strongly disagree) to 7 (strongly agree)",
       {Question("effort", 1, 7, "The company made it easy for me to handle my issue.")}});
  Instrument servqual;
  servqual.name = std::string(kServqualName);
  servqual.description =
      "SERVQUAL: 22 items, expectations e1-e22 then perceptions p1-p22, 1 (strongly disagree) to 7 "
      "(strongly agree); dimensions Tangibles 1-4, Reliability 5-9, Responsiveness 10-13, "
      "Assurance 14-17, Empathy 18-22";
  for (absl::string_view side : {"e", "p"}) {
    for (int i = 0; i < kServqualItems; ++i) {
      servqual.questions.push_back(Question(
          absl::StrCat(side, i + 1), 1, 7,
          absl::StrCat(side == "e" ? "Expectation: " : "Perception: ", kServqualItemText[i])));
    }
  }
  out.push_back(std::move(servqual));
  return out;
}

const std::vector<Instrument>& Builtins() {
  static const std::vector<Instrument>* const kBuiltins =
      new std::vector<Instrument>(MakeBuiltins());
  return *kBuiltins;
}

const Instrument* FindBuiltin(absl::string_view name) {
  for (const Instrument& builtin : Builtins()) {
    if (builtin.name == name) return &builtin;
  }
  return nullptr;
}

// A name or id in an error message: quoted, with C escapes for quotes and
// control characters; UTF-8 text stays readable ("reparación"), and only text
// that is not UTF-8 has its bytes >= 0x80 escaped.
std::string Quoted(absl::string_view text) {
  return absl::StrCat(
      "\"",
      catalog_internal::IsValidUtf8(text) ? absl::Utf8SafeCHexEscape(text) : absl::CHexEscape(text),
      "\"");
}

absl::Status CheckName(absl::string_view text, absl::string_view path) {
  if (text.empty()) return FieldError(path, "must not be empty");
  if (!catalog_internal::IsValidUtf8(text)) return FieldError(path, "is not valid UTF-8 text");
  if (text.size() > kMaxSurveyNameBytes) {
    return FieldError(path,
                      absl::StrCat("has ", text.size(), " bytes, at most ", kMaxSurveyNameBytes));
  }
  return absl::OkStatus();
}

absl::Status CheckScaleEnd(int value, absl::string_view path) {
  if (value < -kMaxSurveyScale || value > kMaxSurveyScale) {
    return FieldError(path,
                      absl::StrCat(value, " is outside ", -kMaxSurveyScale, "..", kMaxSurveyScale));
  }
  return absl::OkStatus();
}

absl::Status CheckQuestionCount(size_t count) {
  if (count == 0) return FieldError("questions", "must have at least one question");
  if (count > static_cast<size_t>(kMaxSurveyQuestions)) {
    return FieldError("questions",
                      absl::StrCat("has ", count, " questions, at most ", kMaxSurveyQuestions));
  }
  return absl::OkStatus();
}

// A finite whole number; `path` names it in the error.
absl::Status CheckWhole(double value, absl::string_view path) {
  if (!std::isfinite(value)) {
    return FieldError(path, absl::StrCat(value, " is not a finite number"));
  }
  if (value != std::floor(value)) {
    return FieldError(path, absl::StrCat(value, " is not a whole number"));
  }
  return absl::OkStatus();
}

// ---- JSON ----

absl::StatusOr<SurveyQuestion> ParseQuestion(const json& value, const std::string& path) {
  if (!value.is_object()) {
    return FieldError(path, absl::StrCat("expected a question object such as "
                                         "{\"id\": \"q1\", \"min\": 1, \"max\": 5}, got ",
                                         Shown(value)));
  }
  if (absl::Status s = CheckKeys(value, path, {"id", "min", "max", "weight", "text"}); !s.ok()) {
    return s;
  }
  SurveyQuestion q;
  bool has_id = false, has_min = false, has_max = false;
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    const std::string field = absl::StrCat(path, ".", key);
    absl::Status s;
    if (key == "id") {
      s = ReadString(item, field, "a question id such as \"q1\"", &q.id);
      has_id = true;
    } else if (key == "min") {
      s = ReadInt(item, field, "a whole number (the lowest answer)", &q.min);
      has_min = true;
    } else if (key == "max") {
      s = ReadInt(item, field, "a whole number (the highest answer)", &q.max);
      has_max = true;
    } else if (key == "weight") {
      if (!item.is_number()) {
        return FieldError(field, absl::StrCat("expected a number >= 0, got ", Shown(item)));
      }
      q.weight = item.get<double>();
    } else if (key == "text") {
      s = ReadString(item, field, "the question's wording as a string", &q.text);
    }
    if (!s.ok()) return s;
  }
  if (!has_id) return FieldError(path + ".id", "missing (a question id such as \"q1\")");
  if (!has_min) {
    return FieldError(path + ".min", "missing (the lowest answer of the scale, e.g. 1)");
  }
  if (!has_max) {
    return FieldError(path + ".max", "missing (the highest answer of the scale, e.g. 5)");
  }
  return q;
}

absl::StatusOr<Instrument> ParseInstrumentValue(const json& root) {
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("instrument: expected an instrument object, got ", Shown(root)));
  }
  if (absl::Status s = CheckKeys(root, "instrument", {"name", "description", "questions"});
      !s.ok()) {
    return s;
  }
  Instrument instrument;
  bool has_name = false, has_questions = false;
  for (const auto& [key, item] : root.items()) {
    if (item.is_null()) continue;
    absl::Status s;
    if (key == "name") {
      s = ReadString(item, key, "an instrument name", &instrument.name);
      has_name = true;
    } else if (key == "description") {
      s = ReadString(item, key, "a description as a string", &instrument.description);
    } else if (key == "questions") {
      if (!item.is_array()) {
        return FieldError(key, absl::StrCat("expected a list of questions, got ", Shown(item)));
      }
      // Refused by validation anyway; checked first so that a huge list is not read.
      if (item.size() > static_cast<size_t>(kMaxSurveyQuestions)) {
        return CheckQuestionCount(item.size());
      }
      for (size_t i = 0; i < item.size(); ++i) {
        absl::StatusOr<SurveyQuestion> q =
            ParseQuestion(item[i], absl::StrCat("questions[", i, "]"));
        if (!q.ok()) return q.status();
        instrument.questions.push_back(*std::move(q));
      }
      has_questions = true;
    }
    if (!s.ok()) return s;
  }
  if (!has_name) {
    return FieldError("name", "missing (the instrument's name, e.g. \"after-repair\")");
  }
  if (!has_questions) {
    return FieldError("questions", "missing (a list of at least one question)");
  }
  return instrument;
}

}  // namespace

std::vector<std::string> builtin_instrument_names() {
  std::vector<std::string> names;
  for (const Instrument& builtin : Builtins()) names.push_back(builtin.name);
  return names;
}

absl::StatusOr<Instrument> builtin_instrument(absl::string_view name) {
  if (const Instrument* builtin = FindBuiltin(name)) return *builtin;
  return absl::NotFoundError(absl::StrCat("instrument: no built-in instrument named ", Quoted(name),
                                          " (built in: nps, csat, ces, servqual)"));
}

bool is_builtin_instrument(absl::string_view name) { return FindBuiltin(name) != nullptr; }

absl::Status validate_instrument(const Instrument& instrument) {
  if (absl::Status s = CheckName(instrument.name, "name"); !s.ok()) return s;
  for (const Instrument& builtin : Builtins()) {
    if (absl::EqualsIgnoreCase(builtin.name, instrument.name)) {
      return FieldError(
          "name", absl::StrCat(Quoted(instrument.name), " is the name of the built-in instrument ",
                               Quoted(builtin.name), "; choose another name"));
    }
  }
  if (!catalog_internal::IsValidUtf8(instrument.description)) {
    return FieldError("description", "is not valid UTF-8 text");
  }
  if (absl::Status s = CheckQuestionCount(instrument.questions.size()); !s.ok()) return s;
  absl::flat_hash_map<absl::string_view, size_t> seen;
  bool any_weight = false;
  for (size_t i = 0; i < instrument.questions.size(); ++i) {
    const SurveyQuestion& q = instrument.questions[i];
    const std::string at = absl::StrCat("questions[", i, "].");
    if (absl::Status s = CheckName(q.id, at + "id"); !s.ok()) return s;
    if (auto [it, inserted] = seen.emplace(q.id, i); !inserted) {
      return FieldError(at + "id", absl::StrCat(Quoted(q.id), " is also the id of questions[",
                                                it->second, "]; ids must be unique"));
    }
    if (absl::Status s = CheckScaleEnd(q.min, at + "min"); !s.ok()) return s;
    if (absl::Status s = CheckScaleEnd(q.max, at + "max"); !s.ok()) return s;
    if (q.max <= q.min) {
      return FieldError(at + "max",
                        absl::StrCat("must be greater than min (", q.min, "), got ", q.max));
    }
    if (!std::isfinite(q.weight) || q.weight < 0) {
      return FieldError(at + "weight",
                        absl::StrCat("must be a finite number >= 0, got ", q.weight));
    }
    if (q.weight > kMaxSurveyWeight) {
      return FieldError(at + "weight",
                        absl::StrCat(q.weight, " is above the largest weight ", kMaxSurveyWeight));
    }
    any_weight = any_weight || q.weight > 0;
    if (!catalog_internal::IsValidUtf8(q.text)) {
      return FieldError(at + "text", "is not valid UTF-8 text");
    }
  }
  if (!any_weight) {
    return FieldError("questions", "every weight is 0; at least one must be greater than 0");
  }
  return absl::OkStatus();
}

absl::StatusOr<Instrument> parse_instrument(absl::string_view text) {
  return catalog_internal::ParseValidated<Instrument>(text, "instrument", ParseInstrumentValue,
                                                      validate_instrument);
}

std::string instrument_to_json(const Instrument& instrument) {
  ordered_json out = ordered_json::object();
  out["name"] = instrument.name;
  out["description"] = instrument.description;
  out["questions"] = ordered_json::array();
  for (const SurveyQuestion& q : instrument.questions) {
    ordered_json j = ordered_json::object();
    j["id"] = q.id;
    j["min"] = q.min;
    j["max"] = q.max;
    j["weight"] = q.weight;
    j["text"] = q.text;
    out["questions"].push_back(std::move(j));
  }
  // A validated instrument is UTF-8 throughout; `replace` only keeps an
  // unvalidated one from throwing.
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

absl::StatusOr<double> response_score(const Instrument& instrument, std::optional<double> score,
                                      absl::Span<const std::optional<double>> answers) {
  const Instrument* builtin = FindBuiltin(instrument.name);
  if (builtin != nullptr) {
    if (!(instrument == *builtin)) {
      return FieldError("instrument",
                        absl::StrCat(Quoted(instrument.name),
                                     " is a built-in name but the instrument differs from the "
                                     "built-in one (use builtin_instrument)"));
    }
  } else if (absl::Status s = validate_instrument(instrument); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("instrument.", s.message()));
  }
  const std::string name = Quoted(instrument.name);
  const size_t count = instrument.questions.size();

  if (count == 1) {
    if (!answers.empty()) {
      return FieldError("answers", absl::StrCat("instrument ", name,
                                                " has one question; give score, not answers"));
    }
    if (!score) {
      return FieldError("score", absl::StrCat("missing (instrument ", name, " has one question)"));
    }
    if (absl::Status s = CheckWhole(*score, "score"); !s.ok()) return s;
    const SurveyQuestion& q = instrument.questions[0];
    if (*score < q.min || *score > q.max) {
      return FieldError("score", absl::StrCat(*score, " is outside the scale ", q.min, "-", q.max,
                                              " of instrument ", name));
    }
    return static_cast<double>(static_cast<int>(*score));  // -0.0 -> 0
  }

  if (score) {
    return FieldError(
        "score", absl::StrCat("instrument ", name, " has ", count, " questions; give answers"));
  }
  if (answers.size() != count) {
    return FieldError("answers", absl::StrCat("instrument ", name, " has ", count,
                                              " questions, got ", answers.size()));
  }
  const bool servqual = builtin != nullptr && builtin->name == kServqualName;
  for (size_t i = 0; i < count; ++i) {
    const SurveyQuestion& q = instrument.questions[i];
    const std::string at = absl::StrCat("answers[", i, "]");
    if (!answers[i]) {
      if (servqual) {
        return FieldError(at, absl::StrCat("question ", Quoted(q.id), " is skipped; instrument ",
                                           name, " needs every answer"));
      }
      continue;
    }
    const double a = *answers[i];
    if (absl::Status s = CheckWhole(a, at); !s.ok()) return s;
    if (a < q.min || a > q.max) {
      return FieldError(at, absl::StrCat(a, " is outside the scale ", q.min, "-", q.max,
                                         " of question ", Quoted(q.id)));
    }
  }

  if (servqual) {
    // The respondent's own SERVQUAL state (n = 1): the overall gap is then
    // exactly the one ServqualState computes, bit for bit.
    ServqualState state;
    state.n = 1;
    for (int i = 0; i < kServqualItems; ++i) {
      state.gap_sum[i] =
          static_cast<int64_t>(*answers[kServqualItems + i]) - static_cast<int64_t>(*answers[i]);
    }
    return state.score().overall;
  }

  double weighted = 0;  // sum of w_i * (a_i - min_i) / (max_i - min_i)
  double weight_sum = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!answers[i]) continue;
    const SurveyQuestion& q = instrument.questions[i];
    const double position = (*answers[i] - q.min) / static_cast<double>(q.max - q.min);
    weighted += q.weight * position;
    weight_sum += q.weight;
  }
  if (weight_sum == 0) {
    return FieldError("answers", absl::StrCat("no question with a weight > 0 is answered "
                                              "(instrument ",
                                              name, ")"));
  }
  // Each position is in [0, 1] and rounding is monotone, so weighted <=
  // weight_sum and the index stays within [0, 100] (exactly 100 when every
  // answer is at the top of its scale).
  return 100.0 * (weighted / weight_sum);
}

}  // namespace postventa
