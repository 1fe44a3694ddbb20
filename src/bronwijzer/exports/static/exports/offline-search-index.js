/*
 * The search over the static site's index: query concepts (query.py), ranking, "did you
 * mean", glossary hits (index.py), facets with OR within and AND across (facets.py) and
 * highlighting (highlight.py). Builds on offline-search-engine.js; no DOM here.
 */
(function (global) {
  "use strict";

  const P = global.BronwijzerSearchParts;
  const f32 = Math.fround;
  const POSITION_BITS = 20;
  const AGE_VALUE = /^(\d{1,2})(?:-(\d{1,2}))?$/;
  const LANGUAGE_CODE = /^[a-z]{2}$/;

  function alternative(words, weight, typed, source) {
    return { words, weight, typed: !!typed, source: source || "synonym" };
  }

  // --- query concepts (query.py) ------------------------------------------------------

  function concept(words, synonyms, extra) {
    const alternatives = [alternative(words, 1.0, true, "typed")].concat(extra || []);
    for (const [form, weight, related] of synonyms.expansions(words) || []) {
      const key = P.formKey(form);
      if (alternatives.every((a) => P.formKey(a.words) !== key)) {
        alternatives.push(alternative(form, weight, false, related ? "related" : "synonym"));
      }
    }
    return { words, alternatives, modifier: false };
  }

  function parseQuery(q, synonyms, known, stopwords, constants, split) {
    const tokens = P.queryTokens(q);
    const isStop = (t) => stopwords.has(t);
    const spans = [];
    let i = 0;
    while (i < tokens.length) {
      let step = 1;
      let matched = false;
      for (let length = Math.min(synonyms.maxWords, tokens.length - i); length > 0; length--) {
        const window = tokens.slice(i, i + length);
        if (window.every(isStop) || isStop(window[0]) || isStop(window[window.length - 1])) continue;
        if (synonyms.isForm(window)) {
          spans.push([i, i + length, concept(window, synonyms)]);
          step = length;
          matched = true;
          break;
        }
      }
      if (!matched && !isStop(tokens[i])) spans.push([i, i + 1, concept([tokens[i]], synonyms)]);
      i += step;
    }
    const concepts = [];
    let k = 0;
    while (k < spans.length) {
      const [, end, current] = spans[k];
      if (k + 1 < spans.length && current.words.length === 1) {
        const [nextStart, , following] = spans[k + 1];
        if (nextStart === end && following.words.length === 1) {
          const joined = current.words[0] + following.words[0];
          if (known(joined) || synonyms.isForm([joined])) {
            const pair = [current.words[0], following.words[0]];
            const merged = concept([joined], synonyms, [alternative(pair, constants.SPLIT_PAIR, false, "typed")]);
            concepts.push({ words: pair, alternatives: merged.alternatives, modifier: false });
            k += 2;
            continue;
          }
        }
      }
      const parts = current.words.length === 1 && split ? split(current.words[0]) : null;
      if (parts) {
        const head = concept([parts[0]], synonyms);
        head.modifier = true;
        concepts.push(head, concept([parts[1]], synonyms));
      } else {
        concepts.push(current);
      }
      k += 1;
    }
    return concepts;
  }

  // --- facets (facets.py) -------------------------------------------------------------

  function ageRange(value) {
    const [low, high] = value.split("-");
    return [Number(low), Number(high === undefined ? low : high)];
  }

  function normalise(name, raw, data) {
    const value = raw.trim();
    if (name === "age") {
      const m = AGE_VALUE.exec(value);
      if (!m) return null;
      const low = Number(m[1]);
      const high = m[2] === undefined ? low : Number(m[2]);
      if (low > high) return null;
      return m[2] === undefined ? String(low) : low + "-" + high;
    }
    if (name === "language") return LANGUAGE_CODE.test(value.toLowerCase()) ? value.toLowerCase() : null;
    const allowed = data.facetValues[name];
    return allowed && allowed.indexOf(raw) >= 0 ? raw : null;
  }

  /** The facet selection of URL parameters: canonical values per facet, bad ones left out. */
  function parseSelection(params, data) {
    const values = new Map();
    for (const name of data.facets.concat(["age"])) {
      const chosen = [];
      for (const raw of params.getAll(name)) {
        if (raw === "") continue;
        const value = normalise(name, raw, data);
        if (value !== null && chosen.indexOf(value) < 0) chosen.push(value);
      }
      if (chosen.length) values.set(name, chosen);
    }
    return values;
  }

  function matchesValue(doc, name, value) {
    if (name === "age") {
      const [min, max] = doc.age;
      if (min === null && max === null) return true;
      const [low, high] = ageRange(value);
      return (min === null ? 0 : min) <= high && low <= (max === null ? 99 : max);
    }
    return (doc.facets[name] || []).indexOf(value) >= 0;
  }

  function matchesFacet(doc, name, values) {
    return values.some((value) => matchesValue(doc, name, value));
  }

  // --- highlighting (highlight.py) ----------------------------------------------------

  const WORD = /[\p{L}\p{N}]+(?:[-'\u2019][\p{L}\p{N}]+)*/gu;
  const PART = /[\p{L}\p{N}]+/gu;
  const JOINERS = /[-'\u2019]/g;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  }

  function highlight(text, terms, minPrefix) {
    text = String(text || "");
    const wanted = new Set(terms.filter(Boolean).map(P.fold));
    if (!text || !wanted.size) return escapeHtml(text);
    const prefixes = Array.from(wanted).filter((t) => t.length >= minPrefix);
    const matches = (word) => {
      const folded = P.fold(word);
      return wanted.has(folded) || prefixes.some((p) => folded.startsWith(p));
    };
    let out = "";
    let last = 0;
    for (const match of text.matchAll(WORD)) {
      const word = match[0];
      const joined = P.fold(word.replace(JOINERS, ""));
      const parts = [];
      for (const part of word.matchAll(PART)) {
        if (matches(part[0])) parts.push([match.index + part.index, match.index + part.index + part[0].length]);
      }
      const whole = wanted.has(joined) || (!parts.length && prefixes.some((p) => joined.startsWith(p)));
      const spans = whole ? [[match.index, match.index + word.length]] : parts;
      for (const [start, end] of spans) {
        out += escapeHtml(text.slice(last, start)) + "<mark>" + escapeHtml(text.slice(start, end)) + "</mark>";
        last = end;
      }
    }
    return out + escapeHtml(text.slice(last));
  }

  /** fuzz.ratio of rapidfuzz: 100 x (1 - Indel distance / total length). */
  function ratio(a, b) {
    if (!a.length && !b.length) return 100;
    const row = new Array(b.length + 1).fill(0);
    for (let i = 1; i <= a.length; i++) {
      let diagonal = 0;
      for (let j = 1; j <= b.length; j++) {
        const above = row[j];
        row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
        diagonal = above;
      }
    }
    const lcs = row[b.length];
    return (100 * (2 * lcs)) / (a.length + b.length);
  }

  // --- the search (index.py) ----------------------------------------------------------

  class SearchIndex {
    constructor(data) {
      this.data = data;
      this.c = data.constants;
      this.docs = data.docs;
      this.stopwords = new Set(data.stopwords);
      this.synonyms = new P.Synonyms(data.synonyms, this.c, this.stopwords);
      this.labels = new Set(data.labels);
      const languages = data.languages;
      const isKnown = (word) => this.isKnown(word);
      this.text = new P.TextIndex(
        data.text, this.c, (code) => languages[code] || null, this.c.LANGUAGE_WEIGHT, isKnown
      );
      this.glossary = data.glossary;
      this.glossaryText = new P.TextIndex(data.glossaryText, this.c, null, 0, isKnown);
      this.parsed = new Map();
    }

    /**
     * Like SearchIndex.is_known on the server, without the Dutch and English word lists
     * (too large for the bundle): words of the index, the glossary, the synonym list and
     * the labels, and compounds of two such words.
     */
    isWord(word) {
      return (
        this.text.known(word) || this.glossaryText.known(word) || this.synonyms.isWord(word) || this.labels.has(word)
      );
    }

    /** A word as it is, not by its stem. */
    isPart(word) {
      return (
        this.text.wordId.has(word) ||
        this.glossaryText.wordId.has(word) ||
        this.synonyms.allWords.has(word) ||
        this.labels.has(word)
      );
    }

    isKnown(word) {
      return /^\p{Nd}+$/u.test(word) || this.isWord(word) || this.compoundParts(word) !== null;
    }

    compoundParts(word) {
      const min = this.c.MIN_COMPOUND_PART;
      if (word.length < 2 * min || this.text.known(word) || this.synonyms.isForm([word])) return null;
      const [low, high] = P.prefixRange(this.text.words, word);
      if (high > low) return null;
      const parts = P.splitCompound(word, (w) => this.isPart(w), this.c.LINKS, min);
      return parts && parts[1].length >= this.c.MIN_COMPOUND_TAIL ? parts : null;
    }

    parse(q) {
      let concepts = this.parsed.get(q);
      if (!concepts) {
        const known = (word) => this.text.known(word);
        const split = (word) => this.compoundParts(word);
        concepts = parseQuery(q, this.synonyms, known, this.stopwords, this.c, split).map((c) =>
          this.corrected(c)
        );
        this.parsed.set(q, concepts);
      }
      return concepts;
    }

    corrected(concept) {
      if (concept.words.length !== 1 || concept.alternatives.length !== 1) return concept;
      const word = concept.words[0];
      if (this.text.expand(word, true).found || this.isKnown(word)) return concept;
      const budget = P.typoBudget(word);
      const candidates = this.text.typos(word, budget).concat(P.typoMatches(word, this.synonyms.words, budget));
      if (!candidates.length) return concept;
      const nearest = Math.min(...candidates.map((c) => c[1]));
      const factor = nearest === 1 ? this.c.TYPO_1 : this.c.TYPO_2;
      const alternatives = new Map(concept.alternatives.map((a) => [P.formKey(a.words), a]));
      const seen = new Set();
      for (const [candidate, distance] of candidates) {
        if (distance !== nearest || seen.has(candidate)) continue;
        seen.add(candidate);
        const own = P.formKey([candidate]);
        if (!alternatives.has(own)) alternatives.set(own, alternative([candidate], factor, false, "typed"));
        for (const [form, weight, related] of this.synonyms.expansions([candidate]) || []) {
          const key = P.formKey(form);
          if (!alternatives.has(key)) {
            alternatives.set(key, alternative(form, weight * factor, false, related ? "related" : "synonym"));
          }
        }
      }
      return { words: concept.words, alternatives: Array.from(alternatives.values()), modifier: concept.modifier };
    }

    rank(ids, counts, scores) {
      if (ids.length < 2) return ids;
      const large = this.docs.length >= 1 << POSITION_BITS;
      const key = (id) => (large ? scores[id] : Math.min(P.rint(f32(scores[id] * 1000)), 4294967295));
      const keys = new Map(ids.map((id) => [id, key(id)]));
      return ids.slice().sort((a, b) => counts[b] - counts[a] || keys.get(b) - keys.get(a) || a - b);
    }

    textPool(index, concepts) {
      return index.match(concepts, P.requiredMatches(concepts.length));
    }

    facetMask(selection, pool) {
      return this.docs.map((doc, i) => {
        if (pool && !pool[i]) return false;
        for (const [name, values] of selection) if (!matchesFacet(doc, name, values)) return false;
        return true;
      });
    }

    /** Like SearchIndex.search on the server: positions best first, facet counts, highlight words, ... */
    search(q, selection) {
      q = (q || "").trim();
      let concepts = q ? this.parse(q) : [];
      if (!concepts.length) {
        const mask = this.facetMask(selection, null);
        const all = this.docs.map(() => true);
        return { order: indices(mask), pool: all, terms: [], suggestion: null, glossary: [], counts: this.counts(all, selection) };
      }
      let found = this.textPool(this.text, concepts);
      const steps = [
        (concept) => !concept.modifier, // "pleegouders": a kind of "ouders"
        // "ouderavond organiseren": no material says "organiseren" (a word; a typo gets "did you mean")
        (concept, i) => found.found[i] || !concept.words.every((w) => this.isKnown(w)),
      ];
      for (const keep of steps) {
        const kept = concepts.filter((c, i) => keep(c, i));
        if (found.pool.some(Boolean) || !kept.length || kept.length === concepts.length) continue;
        concepts = kept;
        found = this.textPool(this.text, concepts);
      }
      const { pool, counts, scores, surfaces } = found;
      const order = this.rank(indices(this.facetMask(selection, pool)), counts, scores);
      let glossary = this.glossaryHits(concepts);
      let suggestion = null;
      if (!pool.some(Boolean)) {
        suggestion = this.suggest(q);
        if (!glossary.length) glossary = this.nearestGlossary(q);
      }
      const terms = surfaces.length ? surfaces : concepts.flatMap((c) => c.words);
      return { order, pool, terms, suggestion, glossary, counts: this.counts(pool, selection) };
    }

    /** Per facet, per value: how many documents choosing it gives (OR within, AND across). */
    counts(pool, selection) {
      const result = new Map();
      const names = this.data.facets.concat(["age"]);
      for (const name of names) {
        const values =
          name === "age"
            ? this.data.ageBands
            : name === "language"
              ? Object.keys(this.data.languages)
              : this.data.facetValues[name] || [];
        const extra = (selection.get(name) || []).filter((v) => values.indexOf(v) < 0);
        const others = new Map(Array.from(selection).filter(([n]) => n !== name));
        const base = this.facetMask(others, pool);
        const numbers = new Map();
        for (const value of values.concat(extra)) {
          let n = 0;
          this.docs.forEach((doc, i) => {
            if (base[i] && matchesValue(doc, name, value)) n++;
          });
          numbers.set(value, n);
        }
        result.set(name, numbers);
      }
      return result;
    }

    glossaryHits(concepts) {
      if (!this.glossary.length) return [];
      const strong = concepts.map((c) => ({
        words: c.words,
        alternatives: c.alternatives.filter((a) => a.weight >= this.c.SYNONYM),
        modifier: c.modifier,
      }));
      const { pool, counts, scores } = this.textPool(this.glossaryText, strong);
      return this.rank(indices(pool), counts, scores);
    }

    nearestGlossary(q) {
      const names = new Map();
      this.glossary.forEach((term, i) => {
        for (const name of [term.term.nl, term.term.en]) {
          const folded = P.fold(name);
          if (!names.has(folded)) names.set(folded, i);
        }
      });
      const query = P.fold(q);
      const found = [];
      Array.from(names.keys()).forEach((name, order) => {
        const score = ratio(query, name);
        if (score >= 75) found.push([name, score, order]);
      });
      found.sort((a, b) => b[1] - a[1] || a[2] - b[2]);
      return Array.from(new Set(found.slice(0, 3).map((f) => names.get(f[0]))));
    }

    correct(word) {
      const budget = word.length <= 4 ? 1 : word.length <= 7 ? 2 : 3;
      if (/^\p{Nd}+$/u.test(word)) return null;
      let candidates = this.text.typos(word, budget);
      if (this.glossary.length) {
        candidates = candidates.concat(
          this.glossaryText.typos(word, budget).filter(([w]) => !this.text.wordId.has(w))
        );
      }
      candidates = candidates.concat(P.typoMatches(word, this.synonyms.words, budget));
      if (!candidates.length) return null;
      let best = candidates[0];
      for (const candidate of candidates) if (candidate[1] < best[1]) best = candidate;
      return best[0];
    }

    suggest(q) {
      const tokens = P.queryTokens(q);
      const corrected = tokens.map((token) =>
        this.stopwords.has(token) || token.length < 3 || this.isKnown(token) ? token : this.correct(token) || token
      );
      if (corrected.join(" ") === tokens.join(" ")) return null;
      const suggestion = corrected.join(" ");
      const concepts = this.parse(suggestion);
      if (!concepts.length) return null;
      const { pool, how } = this.textPool(this.text, concepts);
      const changed = new Set(corrected.filter((word, i) => word !== tokens[i]));
      const direct = concepts.every((c, i) => how[i] === "direct" || !c.words.some((w) => changed.has(w)));
      return pool.some(Boolean) && direct ? suggestion : null;
    }
  }

  function indices(mask) {
    const out = [];
    mask.forEach((on, i) => {
      if (on) out.push(i);
    });
    return out;
  }

  global.BronwijzerOfflineSearch = {
    SearchIndex,
    parseSelection,
    highlight,
    escapeHtml,
  };
})(typeof window !== "undefined" ? window : globalThis);
