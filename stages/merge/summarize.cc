// SPDX-License-Identifier: Apache-2.0
// merge: one cluster of mentions -> one Event (date, type, status, place,
// confidence, title, evidence, id, conflicts).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <memory_resource>
#include <numeric>
#include <set>
#include <tuple>

#include "pipeline/runner.h"
#include "stages/merge/merge_detail.h"

namespace timeline::merge::detail {

namespace {

auto MentionKey(const EventMention& m) {
  return std::tie(m.article, m.start, m.end, m.group, m.type, m.trigger, m.participants,
                  m.location, m.status, m.date.first, m.date.last, m.date.precision,
                  m.confidence, m.sentence, m.url, m.rule, m.date_text, m.date_reason, m.dct,
                  m.dct_source);
}

// The maps, sets and vectors a summary builds live in an arena on
// Summarize's stack (a cluster of one article's few mentions allocates
// nothing from the heap; a larger one takes what does not fit from it):
// allocating and freeing their nodes one by one cost as much as the
// choices they serve. Members::get_allocator() hands the arena on.
// Sets of articles are ordered by string id (equal ids, equal strings: no
// bytes compared), and sorted by name only when printed in a conflict.
struct Article {
  uint32_t id;
  std::string_view name;
  friend bool operator<(const Article& a, const Article& b) { return a.id < b.id; }
};
using ArticleSet = std::pmr::set<Article>;

std::string JoinArticles(const ArticleSet& articles) {
  std::vector<std::string_view> names;
  for (const Article& a : articles) names.push_back(a.name);
  std::sort(names.begin(), names.end());
  std::string out;
  for (std::string_view a : names) {
    if (!out.empty()) out += ", ";
    out += a;
  }
  return out;
}

// "A", "A and B", "A, B and C", "A, B, C, D and 2 others".
std::string JoinNames(const std::vector<std::string_view>& names, int max_names) {
  const size_t shown = max_names > 0 ? std::min(names.size(), size_t(max_names)) : names.size();
  const size_t rest = names.size() - shown;
  std::string out;
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) out += (i + 1 == shown && rest == 0) ? " and " : ", ";
    out += names[i];
  }
  if (rest > 0) out += fmt::format(" and {} other{}", rest, rest == 1 ? "" : "s");
  return out;
}

// A cluster's members with their strings, for the choices below.
struct Member {
  const CompactMention* m;
  std::string_view article, type, location;
  Article source() const { return {m->article, article}; }
};
using Members = std::pmr::vector<Member>;

bool Disjoint(const DateValue& a, const DateValue& b) { return a.last < b.first || b.last < a.first; }

// Picks the most precise date the sources agree on; records disagreements.
DateValue ChooseDate(const Members& ms, std::vector<std::string>& conflicts) {
  std::pmr::memory_resource* arena = ms.get_allocator().resource();
  // Per article, the distinct dates it gives.
  // (Keyed by article id: what is taken from them is counts and sets.)
  std::pmr::map<Article, std::pmr::vector<DateValue>> claims(arena);
  std::pmr::map<std::tuple<date::sys_days, date::sys_days, Precision>, double> confidence(arena);
  for (const Member& x : ms) {
    const CompactMention& m = *x.m;
    if (!m.date.dated()) continue;
    auto& v = claims[x.source()];
    if (std::find(v.begin(), v.end(), m.date) == v.end()) v.push_back(m.date);
    confidence[{m.date.first, m.date.last, m.date.precision}] += m.confidence;
  }
  if (claims.empty()) return DateValue{};
  struct Candidate {
    DateValue date;
    int support = 0, contra = 0;
    double confidence = 0;
  };
  std::pmr::vector<Candidate> candidates(arena);
  for (auto& [key, conf] : confidence) {
    Candidate c;
    c.date.first = std::get<0>(key);
    c.date.last = std::get<1>(key);
    c.date.precision = std::get<2>(key);
    c.confidence = conf;
    for (auto& [article, dates] : claims) {
      bool supports = false, against = false;
      for (const auto& d : dates) {
        supports = supports || d.Contains(c.date);
        against = against || Disjoint(d, c.date);
      }
      if (supports) ++c.support;
      else if (against) ++c.contra;
    }
    candidates.push_back(c);
  }
  // Most support, least contradiction, most precise, most confident, earliest.
  auto better = [](const Candidate& x, const Candidate& y) {
    if (x.support != y.support) return x.support > y.support;
    if (x.contra != y.contra) return x.contra < y.contra;
    if (x.date.days() != y.date.days()) return x.date.days() < y.date.days();
    if (x.confidence != y.confidence) return x.confidence > y.confidence;
    return std::tie(x.date.first, x.date.precision) < std::tie(y.date.first, y.date.precision);
  };
  const Candidate best = *std::min_element(candidates.begin(), candidates.end(), better);
  ArticleSet supporters(arena);
  std::pmr::map<std::tuple<date::sys_days, date::sys_days, Precision>, ArticleSet> against(arena);
  for (auto& [article, dates] : claims) {
    for (const auto& d : dates) {
      if (d.Contains(best.date)) supporters.insert(article);
      if (Disjoint(d, best.date)) against[{d.first, d.last, d.precision}].insert(article);
    }
  }
  for (auto& [key, articles] : against) {
    DateValue d;
    d.first = std::get<0>(key);
    d.last = std::get<1>(key);
    d.precision = std::get<2>(key);
    conflicts.push_back(fmt::format("date: {} ({}) disagrees with the chosen {} ({})",
                                    d.ToTimex(), JoinArticles(articles), best.date.ToTimex(),
                                    JoinArticles(supporters)));
  }
  return best.date;
}

// The type most articles give; ties go to the more specific type, then the
// alphabetically first. Returns a member whose type it is.
const Member& ChooseType(const Knowledge& k, const Members& ms, bool one_article) {
  if (one_article) {
    // Every type has the one article: the first type in order, replaced
    // by a later one only when more specific (the loop below with n = 1).
    std::pmr::vector<const Member*> firsts(ms.get_allocator().resource());
    for (const Member& m : ms) {
      if (std::none_of(firsts.begin(), firsts.end(),
                       [&](const Member* f) { return f->m->type == m.m->type; })) {
        firsts.push_back(&m);
      }
    }
    std::sort(firsts.begin(), firsts.end(),
              [](const Member* a, const Member* b) { return a->type < b->type; });
    const Member* best = firsts.front();
    for (size_t i = 1; i < firsts.size(); ++i) {
      if (!best->type.empty() && k.MoreSpecific(firsts[i]->type, best->type)) best = firsts[i];
    }
    return *best;
  }
  std::pmr::map<std::string_view, std::pair<const Member*, ArticleSet>> by_type(
      ms.get_allocator().resource());
  for (const Member& m : ms) {
    auto& [first, articles] = by_type[m.type];
    if (!first) first = &m;
    articles.insert(m.source());
  }
  std::string_view best;
  const Member* best_member = &ms.front();
  size_t best_n = 0;
  for (auto& [type, entry] : by_type) {
    const auto& articles = entry.second;
    const bool more_specific = !best.empty() && k.MoreSpecific(type, best);
    if (articles.size() > best_n || (articles.size() == best_n && more_specific)) {
      best = type;
      best_member = entry.first;
      best_n = articles.size();
    }
  }
  return *best_member;
}

// A place over the country that holds it, then the most articles, then the
// alphabetically first. Incompatible places (only possible within one
// article's group) are recorded as conflicts. Returns the place's string
// id (StringPool::kEmpty when no member knows the place).
uint32_t ChooseLocation(const Knowledge& k, const Members& ms,
                        std::vector<std::string>& conflicts) {
  std::pmr::map<std::string_view, std::pair<uint32_t, ArticleSet>> by_place(
      ms.get_allocator().resource());
  for (const Member& m : ms) {
    if (m.location.empty()) continue;
    auto& [id, articles] = by_place[m.location];
    id = m.m->location;
    articles.insert(m.source());
  }
  std::string_view best;
  uint32_t best_id = StringPool::kEmpty;
  size_t best_n = 0;
  bool best_country = true;
  for (auto& [place, entry] : by_place) {
    const auto& articles = entry.second;
    const bool country = k.IsCountry(place);
    if (best.empty() || (best_country && !country) ||
        (best_country == country && articles.size() > best_n)) {
      best = place;
      best_id = entry.first;
      best_n = articles.size();
      best_country = country;
    }
  }
  for (auto& [place, entry] : by_place) {
    if (!LocationsCompatible(k, place, best)) {
      conflicts.push_back(fmt::format("location: {} ({}) disagrees with the chosen {} ({})", place,
                                      JoinArticles(entry.second), best,
                                      JoinArticles(by_place[best].second)));
    }
  }
  return best_id;
}

// Occurred beats planned (a planned event later reported as held); cancelled
// beats planned; occurred against cancelled goes to the side with more
// articles (occurred on a tie) and is recorded.
EventStatus ChooseStatus(const Members& ms, std::vector<std::string>& conflicts) {
  // (Only the articles saying occurred or cancelled are counted: planned
  // is what remains.)
  ArticleSet occurred(ms.get_allocator().resource()), cancelled(ms.get_allocator().resource());
  for (const Member& m : ms) {
    if (m.m->status == EventStatus::kOccurred) occurred.insert(m.source());
    else if (m.m->status == EventStatus::kCancelled) cancelled.insert(m.source());
  }
  if (!occurred.empty() && !cancelled.empty()) {
    const bool occ = occurred.size() >= cancelled.size();
    conflicts.push_back(fmt::format("status: {} ({}) disagrees with the chosen {} ({})",
                                    occ ? "cancelled" : "occurred",
                                    JoinArticles(occ ? cancelled : occurred),
                                    occ ? "occurred" : "cancelled",
                                    JoinArticles(occ ? occurred : cancelled)));
    return occ ? EventStatus::kOccurred : EventStatus::kCancelled;
  }
  if (!occurred.empty()) return EventStatus::kOccurred;
  if (!cancelled.empty()) return EventStatus::kCancelled;
  return EventStatus::kPlanned;
}

template <class Name>
std::vector<Name> WithoutRepresented(const Knowledge& k, const std::vector<Name>& names) {
  // A country is represented when another name belongs to it: the countries
  // of the names that are not their own country, looked up once per name
  // (not once per pair).
  std::vector<std::string_view> held;
  for (const auto& q : names) {
    std::string_view c = k.Facts(q).country;
    if (!c.empty() && c != q) held.push_back(c);
  }
  if (held.empty()) return names;
  std::sort(held.begin(), held.end());
  std::vector<Name> out;
  out.reserve(names.size());
  for (const auto& p : names) {
    const bool represented =
        std::binary_search(held.begin(), held.end(), std::string_view(p)) && k.IsCountry(p);
    if (!represented) out.push_back(p);
  }
  return out;
}

}  // namespace

bool MentionLess(const EventMention& a, const EventMention& b) {
  return MentionKey(a) < MentionKey(b);
}

bool RecordViewOrder::operator()(const CompactMention& a, const CompactMention& b) const {
  const MentionTable& t = table;
  auto head = [&](const CompactMention& m) {
    return std::make_tuple(t.str(m.article), m.start, m.end, m.group, t.str(m.type),
                           t.str(m.trigger));
  };
  auto tail = [&](const CompactMention& m) {
    return std::make_tuple(t.str(m.location), m.status, m.date.first, m.date.last,
                           m.date.precision, m.confidence, t.str(m.sentence), t.str(m.url),
                           t.str(m.rule), t.str(m.date_text), t.str(m.date_reason), t.str(m.dct),
                           t.str(m.dct_source));
  };
  if (auto ha = head(a), hb = head(b); ha != hb) return ha < hb;
  if (a.participants != b.participants) {  // equal ids, equal lists
    auto x = t.list(a.participants), y = t.list(b.participants);
    auto less = [&](uint32_t p, uint32_t q) { return t.str(p) < t.str(q); };
    if (std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end(), less)) return true;
    if (std::lexicographical_compare(y.begin(), y.end(), x.begin(), x.end(), less)) return false;
  }
  return tail(a) < tail(b);
}

namespace {

constexpr std::string_view kDefaultTitle = "{Type}[: {participants}][ in {location}]";

// The title template of an event type (titles.tsv: the type's row, else "*").
std::string_view TitleTemplate(const Knowledge& k, std::string_view type) {
  if (k.titles_indexed) {
    auto it = k.title_index.find(type);
    return it == k.title_index.end() ? std::string_view(k.title_fallback.tmpl)
                                     : std::string_view(it->second.tmpl);
  }
  auto it = k.titles.find(type);
  if (it == k.titles.end()) it = k.titles.find("*");
  return it == k.titles.end() ? kDefaultTitle : std::string_view(it->second);
}

// TitleOf for any template (the rules' templates take TitleOf's way).
template <class Name>
std::string TitleOfAny(const Knowledge& k, std::string_view type, const std::vector<Name>& kept,
                       std::string_view location) {
  const std::string_view tmpl = TitleTemplate(k, type);
  std::vector<std::string_view> names;
  for (const auto& p : kept) {
    if (std::string_view(p) != location) names.push_back(p);
  }
  const std::string who = JoinNames(names, k.max_title_names);
  std::string Type(type);
  if (!Type.empty()) Type[0] = char(std::toupper(static_cast<unsigned char>(Type[0])));
  // Renders tmpl; [..] sections vanish when a field inside them is empty.
  // (Both strings sized at once for what a field of the template can add:
  // growing them append by append took most of the allocations of a merge.)
  std::string out, section;
  out.reserve(tmpl.size() + who.size() + location.size() + Type.size());
  section.reserve(out.capacity());
  bool in_section = false, section_ok = true;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    std::string& dst = in_section ? section : out;
    if (c != '[' && c != ']' && c != '{') {
      // A run of literal bytes, copied at once.
      size_t e = tmpl.find_first_of("[]{", i);
      if (e == std::string_view::npos) e = tmpl.size();
      dst.append(tmpl.substr(i, e - i));
      i = e - 1;
      continue;
    }
    if (c == '[') {
      in_section = true;
      section.clear();
      section_ok = true;
    } else if (c == ']') {
      if (section_ok) out += section;
      in_section = false;
    } else if (c == '{') {
      size_t close = tmpl.find('}', i);
      std::string_view field = tmpl.substr(i + 1, close - i - 1);
      std::string_view value = field == "participants" ? std::string_view(who)
                               : field == "location"   ? location
                               : field == "Type"       ? std::string_view(Type)
                                                       : std::string_view();
      if (value.empty() && in_section) section_ok = false;
      dst += value;
      i = close;
    } else {
      dst += c;
    }
  }
  return out;
}

// Whether a title template is plain: sections that open and close in turn,
// each field closed. (TitleOf writes a plain template's title in place.)
bool PlainTemplate(std::string_view tmpl) {
  bool in_section = false;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if (c == '[' || c == ']') {
      if (in_section != (c == ']')) return false;
      in_section = !in_section;
    } else if (c == '{') {
      i = tmpl.find('}', i);
      if (i == std::string_view::npos) return false;
    }
  }
  return !in_section;
}

// MakeTitle of participants that hold no represented country (as
// WithoutRepresented leaves them). The bytes of TitleOfAny, written into
// the title itself (a section is cut back when one of its fields is empty):
// no string for the names, the type or a section.
template <class Name>
std::string TitleOf(const Knowledge& k, std::string_view type, const std::vector<Name>& kept,
                    std::string_view location) {
  std::string_view tmpl;
  if (k.titles_indexed) {
    auto it = k.title_index.find(type);
    const Knowledge::TitleEntry& entry = it == k.title_index.end() ? k.title_fallback : it->second;
    if (!entry.plain) return TitleOfAny(k, type, kept, location);
    tmpl = entry.tmpl;
  } else {
    tmpl = TitleTemplate(k, type);
    if (!PlainTemplate(tmpl)) return TitleOfAny(k, type, kept, location);
  }
  // The names shown (JoinNames of those that are not the place).
  size_t count = 0, bytes = 0;
  for (const auto& p : kept) {
    if (std::string_view(p) != location) {
      ++count;
      bytes += std::string_view(p).size();
    }
  }
  const int max_names = k.max_title_names;
  const size_t shown = max_names > 0 ? std::min(count, size_t(max_names)) : count;
  const size_t rest = count - shown;
  std::string out;
  out.reserve(tmpl.size() + bytes + 5 * count + location.size() + type.size());
  size_t section_at = 0;  // where the open section starts in out
  bool in_section = false, section_ok = true;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if (c == '[') {
      in_section = true;
      section_at = out.size();
      section_ok = true;
    } else if (c == ']') {
      if (!section_ok) out.resize(section_at);
      in_section = false;
    } else if (c == '{') {
      const size_t close = tmpl.find('}', i);
      const std::string_view field = tmpl.substr(i + 1, close - i - 1);
      const size_t before = out.size();
      if (field == "participants") {
        size_t n = 0;
        for (const auto& p : kept) {
          const std::string_view name(p);
          if (name == location) continue;
          if (n == shown) break;
          if (n > 0) out += (n + 1 == shown && rest == 0) ? " and " : ", ";
          out += name;
          ++n;
        }
        if (rest > 0) out += fmt::format(" and {} other{}", rest, rest == 1 ? "" : "s");
      } else if (field == "location") {
        out += location;
      } else if (field == "Type" && !type.empty()) {
        out += type;
        out[before] = char(std::toupper(static_cast<unsigned char>(out[before])));
      }
      if (out.size() == before && in_section) section_ok = false;
      i = close;
    } else {
      // A run of literal bytes, copied at once.
      size_t e = tmpl.find_first_of("[]{", i);
      if (e == std::string_view::npos) e = tmpl.size();
      out.append(tmpl.substr(i, e - i));
      i = e - 1;
    }
  }
  return out;
}

}  // namespace

void Knowledge::IndexTitles() {
  title_index.clear();
  for (const auto& [type, tmpl] : titles) title_index[type] = {tmpl, PlainTemplate(tmpl)};
  auto star = titles.find("*");
  const std::string_view fallback = star == titles.end() ? kDefaultTitle : std::string_view(star->second);
  title_fallback = {std::string(fallback), PlainTemplate(fallback)};
  titles_indexed = true;
}

template <class Name>
std::string MakeTitleOf(const Knowledge& k, std::string_view type,
                        const std::vector<Name>& participants, std::string_view location) {
  // Left out of the title: the place ("Visit: X to China", not "China and X
  // to China") and a country whose person is named ("Joe Biden", not "Joe
  // Biden and United States").
  return TitleOf(k, type, WithoutRepresented(k, participants), location);
}

std::string MakeTitle(const Knowledge& k, std::string_view type,
                      const std::vector<std::string>& participants, std::string_view location) {
  return MakeTitleOf(k, type, participants, location);
}

std::string MakeTitle(const Knowledge& k, std::string_view type,
                      const std::vector<std::string_view>& participants,
                      std::string_view location) {
  return MakeTitleOf(k, type, participants, location);
}

std::vector<std::string> WithoutRepresentedCountries(const Knowledge& k,
                                                     const std::vector<std::string>& names) {
  return WithoutRepresented(k, names);
}

std::vector<std::string_view> WithoutRepresentedCountries(
    const Knowledge& k, const std::vector<std::string_view>& names) {
  return WithoutRepresented(k, names);
}

CompactEvent Summarize(const Knowledge& k, const MentionTable& t,
                       std::span<const uint32_t> members) {
  CompactEvent e;
  std::array<std::byte, 4096> buffer;
  std::pmr::monotonic_buffer_resource arena(buffer.data(), buffer.size());
  Members ms(&arena);
  ms.reserve(members.size());
  for (uint32_t i : members) {
    const CompactMention& m = t[i];
    ms.push_back({&m, t.str(m.article), t.str(m.type), t.str(m.location)});
  }
  // Sources and participants: the unions, sorted by name (with their ids).
  // The members are in canonical order, which is by article first: each
  // article's members are one run, and the runs come in article order, so
  // the sources are the runs' articles as they come (and each article's
  // best confidence, below, is its run's).
  std::pmr::vector<Article> sources(&arena);
  for (const Member& m : ms) {
    if (sources.empty() || sources.back().id != m.m->article) sources.push_back(m.source());
  }
  const bool one_article = sources.size() == 1;
  std::pmr::map<std::string_view, uint32_t> participants(&arena);
  for (const Member& m : ms) {
    for (uint32_t p : t.list(m.m->participants)) participants.emplace(t.str(p), p);
  }
  // The names without represented countries (WithoutRepresented, in place,
  // with their ids beside them).
  std::vector<std::string_view> names;
  names.reserve(participants.size());
  e.ids.reserve(participants.size() + sources.size() + members.size());
  std::pmr::vector<std::string_view> held(&arena);
  for (const auto& [name, id] : participants) {
    names.push_back(name);
    e.ids.push_back(id);
    std::string_view c = k.Facts(name).country;
    if (!c.empty() && c != name) held.push_back(c);
  }
  if (!held.empty()) {
    std::sort(held.begin(), held.end());
    size_t kept = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      const bool represented =
          std::binary_search(held.begin(), held.end(), names[i]) && k.IsCountry(names[i]);
      if (represented) continue;
      names[kept] = names[i];
      e.ids[kept] = e.ids[i];
      ++kept;
    }
    names.resize(kept);
    e.ids.resize(kept);
  }
  for (const Article& a : sources) e.ids.push_back(a.id);
  e.ids.insert(e.ids.end(), members.begin(), members.end());
  e.participants = uint32_t(names.size());
  e.sources = uint32_t(sources.size());

  const Member& type = ChooseType(k, ms, one_article);
  e.type = type.m->type;
  e.date = ChooseDate(ms, e.conflicts);
  e.location = ChooseLocation(k, ms, e.conflicts);
  e.status = ChooseStatus(ms, e.conflicts);

  // Confidence: noisy-OR over articles (in article order) of each
  // article's best mention.
  double miss = 1;
  for (size_t r = 0; r < ms.size();) {
    double b = 0;
    size_t end = r;
    for (; end < ms.size() && ms[end].m->article == ms[r].m->article; ++end) {
      b = std::max(b, double(ms[end].m->confidence));
    }
    miss *= 1 - std::clamp(b, 0.0, 1.0);
    r = end;
  }
  double confidence = std::min(1 - miss, k.max_confidence);
  for (size_t i = 0; i < e.conflicts.size(); ++i) confidence *= k.conflict_penalty;
  e.confidence = confidence;

  // (names holds no represented country already: WithoutRepresented leaves
  // its result as it is.)
  e.title = TitleOf(k, type.type, names, t.str(e.location));

  // Evidence: the most confident mention, then the most precise date, then
  // the one agreeing with the event's status and type, then the most
  // participants, then canonical order.
  auto evidence_rank = [&](const Member& x) {
    const CompactMention& m = *x.m;
    return std::make_tuple(-double(m.confidence), m.date.dated() ? m.date.days() : 1 << 30,
                           m.status == e.status ? 0 : 1, m.type == e.type ? 0 : 1,
                           -int(t.list(m.participants).size()));
  };
  const Member* best = &ms.front();
  for (const Member& m : ms) {
    if (evidence_rank(m) < evidence_rank(*best)) best = &m;
  }
  e.evidence = best->m->sentence;

  // Id: from the event's first report (earliest publication date, then
  // canonical order), so it stays when later articles join the event.
  const Member* first = &ms.front();
  auto first_rank = [&](const Member& m) {
    std::string_view dct = t.str(m.m->dct);
    return std::make_tuple(dct.empty(), dct);
  };
  for (const Member& m : ms) {
    if (first_rank(m) < first_rank(*first)) first = &m;
  }
  const CompactMention& f = *first->m;
  // fmt's "{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}" of these fields, appended by hand
  // (one key per event).
  std::string key;
  const std::string timex = f.date.ToTimex();
  const auto first_participants = t.list(f.participants);
  size_t key_size = first->article.size() + first->type.size() + t.str(f.trigger).size() +
                    timex.size() + 2 * 10 + 5;
  for (uint32_t p : first_participants) key_size += 1 + t.str(p).size();
  key.reserve(key_size);
  auto number = [&key](uint32_t v) {
    char buf[16];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    key.append(buf, size_t(r.ptr - buf));
  };
  key.append(first->article).append("\x1f");
  number(f.start);
  key.append("\x1f");
  number(f.end);
  key.append("\x1f").append(first->type).append("\x1f").append(t.str(f.trigger)).append("\x1f");
  key.append(timex);
  for (uint32_t p : first_participants) key.append("\x1f").append(t.str(p));
  e.id_hash = Hash64(key);
  return e;
}

}  // namespace timeline::merge::detail
