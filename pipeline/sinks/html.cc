// SPDX-License-Identifier: Apache-2.0
// The HTML sink: one self-contained page (no network: inline CSS and JS, no
// fonts or images) showing the timeline to a person. A vertical timeline
// grouped by year and month; each event a card with its date and precision,
// type, title, participants, place, status, sources, confidence, evidence
// sentences linked to their articles, and a note where sources disagree.
// Filters by type, participant and status; the URL fragment holds the
// filter (#type=call&participant=Joe%20Biden&status=occurred) and is applied
// on load, so a filtered view can be bookmarked or shared.
#include <date/date.h>
#include <fmt/format.h>

#include <set>

#include "pipeline/sinks/sinks.h"
#include "pipeline/sinks/text.h"

namespace timeline::sinks {

namespace {

using detail::HtmlEscape;

constexpr std::string_view kStyle = R"css(
:root{--bg:#f5f6f8;--card:#fff;--ink:#1d2430;--muted:#667085;--line:#d0d5dd;
--call:#2563eb;--meeting:#059669;--summit:#7c3aed;--visit:#ea580c;--other:#475467}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.top{background:#101828;color:#fff;padding:1.6rem 0 1.2rem}
.wrap{max-width:56rem;margin:0 auto;padding:0 1.25rem}
header.top h1{margin:0 0 .2rem;font-size:1.7rem;letter-spacing:-.01em}
header.top p{margin:0;color:#cbd5e1}
.filters{position:sticky;top:0;z-index:5;background:rgba(245,246,248,.96);
border-bottom:1px solid var(--line);backdrop-filter:blur(4px)}
.filters .wrap{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:center;padding-top:.6rem;padding-bottom:.6rem}
.filters label{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.filters select{margin-left:.35rem;font:inherit;font-size:.9rem;padding:.2rem .4rem;border:1px solid var(--line);
border-radius:6px;background:#fff;max-width:16rem}
.filters button{font:inherit;font-size:.85rem;border:1px solid var(--line);background:#fff;border-radius:6px;
padding:.2rem .7rem;cursor:pointer}
#shown{margin-left:auto;font-size:.85rem;color:var(--muted)}
main{padding:1rem 0 3rem}
section.year>h2{font-size:1.5rem;margin:1.6rem 0 .4rem;color:#101828}
section.month>h3{font-size:.85rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);
margin:1.1rem 0 .5rem 1.9rem}
.events{position:relative;margin-left:.6rem;padding-left:1.3rem;border-left:2px solid var(--line)}
.card{position:relative;background:var(--card);border-radius:10px;padding:.85rem 1.1rem .9rem;margin:0 0 .9rem;
box-shadow:0 1px 2px rgba(16,24,40,.06),0 1px 3px rgba(16,24,40,.1);border-top:3px solid var(--accent)}
.card::before{content:"";position:absolute;left:-1.3rem;top:1.05rem;width:12px;height:12px;margin-left:-7px;
border-radius:50%;background:var(--accent);border:2px solid var(--bg)}
[hidden]{display:none!important}
.t-call{--accent:var(--call)}.t-meeting{--accent:var(--meeting)}.t-summit{--accent:var(--summit)}
.t-visit{--accent:var(--visit)}.t-other{--accent:var(--other)}
.when{display:flex;gap:.5rem;align-items:baseline;font-size:.88rem;color:var(--muted)}
.when time{font-weight:600;color:var(--ink)}
.prec{font-size:.72rem;border:1px solid var(--line);border-radius:999px;padding:0 .45rem}
.card h4{margin:.15rem 0 .45rem;font-size:1.12rem;line-height:1.3}
.meta{display:flex;flex-wrap:wrap;gap:.35rem .5rem;align-items:center;font-size:.8rem}
.badge{border-radius:999px;padding:.05rem .55rem;font-weight:600;font-size:.74rem;text-transform:uppercase;
letter-spacing:.04em}
.badge.type{background:var(--accent);color:#fff}
.s-occurred{background:#dcfae6;color:#067647}.s-planned{background:#fef0c7;color:#93370d}
.s-cancelled{background:#fee4e2;color:#b42318;text-decoration:line-through}
.place,.count{color:var(--muted)}
.place b,.count b{color:var(--ink);font-weight:600}
ul.who{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem;margin:.55rem 0 0;padding:0}
ul.who li{background:#f2f4f7;border-radius:6px;padding:.05rem .5rem;font-size:.85rem}
blockquote{margin:.65rem 0 0;padding:.1rem 0 .1rem .8rem;border-left:3px solid var(--accent);color:#344054;
font-style:italic}
details{margin-top:.55rem;font-size:.85rem}
summary{cursor:pointer;color:var(--muted)}
details ol{margin:.4rem 0 0;padding-left:1.3rem}
details li{margin:.25rem 0}
details li .src{color:var(--muted);font-size:.8rem}
a{color:#1d4ed8}
.conflict{margin:.6rem 0 0;padding:.4rem .65rem;background:#fffaeb;border:1px solid #fedf89;border-radius:6px;
font-size:.84rem;color:#93370d}
.empty{color:var(--muted);font-style:italic;margin:2rem 0}
footer{color:var(--muted);font-size:.8rem;padding:0 0 2rem}
)css";

constexpr std::string_view kScript = R"js(
(function () {
  var keys = ["type", "participant", "status"];
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
  function sel(k) { return document.getElementById("f-" + k); }
  function hasOption(s, v) {
    for (var i = 0; i < s.options.length; i++) if (s.options[i].value === v) return true;
    return false;
  }
  function apply(updateHash) {
    var f = {};
    keys.forEach(function (k) { f[k] = sel(k).value; });
    var shown = 0;
    cards.forEach(function (c) {
      var who = c.getAttribute("data-participants").split("|");
      var ok = (!f.type || c.getAttribute("data-type") === f.type) &&
               (!f.status || c.getAttribute("data-status") === f.status) &&
               (!f.participant || who.indexOf(f.participant) >= 0);
      c.hidden = !ok;
      if (ok) shown++;
    });
    document.querySelectorAll("section.month, section.year").forEach(function (s) {
      s.hidden = !s.querySelector("article.card:not([hidden])");
    });
    document.getElementById("shown").textContent =
        shown === cards.length ? cards.length + " events" : shown + " of " + cards.length + " events";
    document.getElementById("none").hidden = shown > 0;
    if (updateHash) {
      var parts = [];
      keys.forEach(function (k) { if (f[k]) parts.push(k + "=" + encodeURIComponent(f[k])); });
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
    }
  }
  function fromHash() {
    var h = location.hash.replace(/^#/, "");
    var f = {};
    h.split("&").forEach(function (p) {
      var i = p.indexOf("=");
      if (i > 0) {
        try { f[p.slice(0, i)] = decodeURIComponent(p.slice(i + 1).replace(/\+/g, " ")); } catch (e) {}
      }
    });
    keys.forEach(function (k) {
      var s = sel(k);
      s.value = f[k] && hasOption(s, f[k]) ? f[k] : "";
    });
    apply(false);
  }
  keys.forEach(function (k) { sel(k).addEventListener("change", function () { apply(true); }); });
  document.getElementById("f-reset").addEventListener("click", function () {
    keys.forEach(function (k) { sel(k).value = ""; });
    apply(true);
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
)js";

// A CSS class for a type: t-call ... ; types outside the palette are t-other.
std::string TypeClass(std::string_view type) {
  if (type == "call" || type == "meeting" || type == "summit" || type == "visit") {
    return fmt::format("t-{}", type);
  }
  return "t-other";
}

std::string StatusClass(EventStatus s) { return fmt::format("s-{}", EventStatusName(s)); }

std::string_view PrecisionLabel(Precision p) {
  switch (p) {
    case Precision::kDay: return "exact day";
    case Precision::kWeek: return "week";
    case Precision::kMonth: return "month";
    case Precision::kQuarter: return "quarter";
    case Precision::kYear: return "year";
    case Precision::kNone: break;
  }
  return "no date";
}

// A valid <time datetime> value: the TIMEX3 value, or the first day for a quarter.
std::string DateTimeAttr(const DateValue& d) {
  if (d.precision == Precision::kQuarter) return FormatDay(d.first);
  return d.ToTimex();
}

// The month heading an event goes under inside its year.
std::string MonthHeading(const DateValue& d) {
  const date::year_month_day f{d.first};
  switch (d.precision) {
    case Precision::kQuarter: {
      unsigned q = (unsigned(f.month()) - 1) / 3 + 1;
      return fmt::format("Q{}: {} – {}", q, detail::MonthName(3 * q - 2), detail::MonthName(3 * q));
    }
    case Precision::kYear: return "Sometime in the year";
    default: return std::string(detail::MonthName(unsigned(f.month())));
  }
}

std::string Options(std::string_view all, const std::set<std::string>& values) {
  std::string out = fmt::format("<option value=\"\">{}</option>", all);
  for (const auto& v : values) {
    out += fmt::format("<option value=\"{0}\">{0}</option>", HtmlEscape(v));
  }
  return out;
}

// Unlike the evidence's CollapseSpace, \f and \v are kept: the page's bytes
// are part of the contract.
std::string CollapseSpace(std::string_view s) { return timeline::CollapseSpace(s, " \t\n\r"); }

std::string Card(const Event& e) {
  std::string who;
  for (size_t i = 0; i < e.participants.size(); ++i) {
    if (i) who += '|';
    who += e.participants[i];
  }
  std::string out = fmt::format(
      "<article class=\"card {}\" id=\"{}\" data-type=\"{}\" data-status=\"{}\" "
      "data-participants=\"{}\">\n",
      TypeClass(e.type), HtmlEscape(e.id), HtmlEscape(e.type), EventStatusName(e.status),
      HtmlEscape(who));
  if (e.date.dated()) {
    out += fmt::format(
        "<div class=\"when\"><time datetime=\"{}\">{}</time><span class=\"prec\">{}</span></div>\n",
        HtmlEscape(DateTimeAttr(e.date)), HtmlEscape(detail::HumanDate(e.date)),
        PrecisionLabel(e.date.precision));
  } else {
    out += "<div class=\"when\"><time>date unknown</time></div>\n";
  }
  out += fmt::format("<h4>{}</h4>\n", HtmlEscape(e.title));
  out += fmt::format("<div class=\"meta\"><span class=\"badge type\">{}</span>"
                     "<span class=\"badge status {}\">{}</span>",
                     HtmlEscape(e.type), StatusClass(e.status), EventStatusName(e.status));
  if (!e.location.empty()) {
    out += fmt::format("<span class=\"place\">at <b>{}</b></span>", HtmlEscape(e.location));
  }
  out += fmt::format("<span class=\"count\"><b>{}</b> source{}</span>", e.sources.size(),
                     e.sources.size() == 1 ? "" : "s");
  out += fmt::format("<span class=\"count\">confidence <b>{:.2f}</b></span></div>\n", e.confidence);
  if (!e.participants.empty()) {
    out += "<ul class=\"who\">";
    for (const auto& p : e.participants) out += fmt::format("<li>{}</li>", HtmlEscape(p));
    out += "</ul>\n";
  }
  out += fmt::format("<blockquote>{}</blockquote>\n", HtmlEscape(e.evidence));
  // Every mention's sentence, linked to its article when the URL is known.
  std::set<std::string> articles;
  for (const auto& m : e.mentions) articles.insert(m.article);
  out += fmt::format("<details><summary>Evidence: {} mention{} in {} article{}</summary><ol>",
                     e.mentions.size(), e.mentions.size() == 1 ? "" : "s", articles.size(),
                     articles.size() == 1 ? "" : "s");
  for (const auto& m : e.mentions) {
    std::string source = HtmlEscape(m.article);
    if (detail::SafeUrl(m.url)) {
      source = fmt::format("<a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a>",
                           HtmlEscape(m.url), source);
    }
    std::string extra;
    if (m.date.dated()) extra += fmt::format("says {}", HtmlEscape(m.date.ToTimex()));
    if (!m.dct.empty()) {
      extra += fmt::format("{}published {}", extra.empty() ? "" : ", ", HtmlEscape(m.dct));
    }
    out += fmt::format("<li><q>{}</q> <span class=\"src\">&mdash; {}{}</span></li>",
                       HtmlEscape(CollapseSpace(m.sentence)), source,
                       extra.empty() ? "" : " (" + extra + ")");
  }
  out += "</ol></details>\n";
  for (const auto& c : e.conflicts) {
    out += fmt::format("<p class=\"conflict\"><b>Sources disagree.</b> {}</p>\n", HtmlEscape(c));
  }
  out += "</article>\n";
  return out;
}

}  // namespace

std::string RenderHtml(const EventList& events, const RenderInfo& info) {
  std::set<std::string> types, participants, statuses, sources;
  Event scratch;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events.Get(i, scratch, /*with_mentions=*/false);
    types.insert(e.type);
    participants.insert(e.participants.begin(), e.participants.end());
    statuses.insert(std::string(EventStatusName(e.status)));
    sources.insert(e.sources.begin(), e.sources.end());
  }
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Timeline</title>\n<style>";
  out += kStyle;
  out += "</style></head><body>\n";
  out += fmt::format(
      "<header class=\"top\"><div class=\"wrap\"><h1>Timeline</h1>"
      "<p>{} event{} from {} article{} &middot; generated by {}</p></div></header>\n",
      events.size(), events.size() == 1 ? "" : "s", info.articles, info.articles == 1 ? "" : "s",
      HtmlEscape(info.generated_by));
  out += "<nav class=\"filters\"><div class=\"wrap\">";
  out += fmt::format("<label>Type<select id=\"f-type\">{}</select></label>",
                     Options("all types", types));
  out += fmt::format("<label>Participant<select id=\"f-participant\">{}</select></label>",
                     Options("anyone", participants));
  out += fmt::format("<label>Status<select id=\"f-status\">{}</select></label>",
                     Options("any status", statuses));
  out += "<button type=\"button\" id=\"f-reset\">Show all</button>";
  out += fmt::format("<span id=\"shown\">{} events</span></div></nav>\n", events.size());
  out += "<main class=\"wrap\">\n";
  out += fmt::format("<p class=\"empty\" id=\"none\"{}>No events match these filters.</p>\n",
                     events.empty() ? "" : " hidden");
  // Events come sorted by date; undated ones last.
  std::string year, month;
  bool open_year = false, open_month = false;
  auto close_month = [&] {
    if (open_month) out += "</div></section>\n";
    open_month = false;
  };
  auto close_year = [&] {
    close_month();
    if (open_year) out += "</section>\n";
    open_year = false;
  };
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events.Get(i, scratch);
    std::string y = e.date.dated()
                        ? fmt::format("{}", int(date::year_month_day{e.date.first}.year()))
                        : "Undated";
    std::string m = e.date.dated() ? MonthHeading(e.date) : "Date unknown";
    if (!open_year || y != year) {
      close_year();
      out += fmt::format("<section class=\"year\"><h2>{}</h2>\n", HtmlEscape(y));
      open_year = true;
      year = y;
      month.clear();
    }
    if (!open_month || m != month) {
      close_month();
      out += fmt::format("<section class=\"month\"><h3>{}</h3><div class=\"events\">\n",
                         HtmlEscape(m));
      open_month = true;
      month = m;
    }
    out += Card(e);
  }
  close_year();
  out += "</main>\n";
  out += fmt::format(
      "<footer class=\"wrap\">{} articles cited. Dates are shown at the precision the sources "
      "support; where sources disagree the better-supported value is shown and the "
      "disagreement noted.</footer>\n",
      sources.size());
  out += "<script>";
  out += kScript;
  out += "</script>\n</body></html>\n";
  return out;
}

}  // namespace timeline::sinks
