/*
 * Bronwijzer's search engine in the browser, for the static site and the offline bundle.
 *
 * A port of the server's engine (bronwijzer.search: analysis.py, synonyms.py, query.py,
 * textindex.py, index.py, facets.py), run over the data that `bronwijzer buildstatic`
 * exports (search-index.js): the server's vocabulary, postings, field weights, synonym
 * groups, stopwords and constants. Stems come from the same Snowball stemmers (snowball.js).
 * Scores are computed in 32-bit floats, as numpy does on the server, so results rank the
 * same. No DOM here: offline-search.js draws the page.
 */
(function (global) {
  "use strict";

  const f32 = Math.fround;
  const LETTER = "[\\p{L}\\p{N}]";
  const COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  const APOSTROPHE_S = new RegExp("(?<=" + LETTER + ")['\u2019`]s(?![\\p{L}\\p{N}_])", "gu");
  const APOSTROPHE = new RegExp("(?<=" + LETTER + ")['\u2019`](?=" + LETTER + ")", "gu");
  const QUERY_WORD = new RegExp(LETTER + "+(?:-" + LETTER + "+)*", "gu");
  const DIGITS = /^\p{Nd}+$/u;
  const SEP = "\u0001";

  // --- analysis (analysis.py) -------------------------------------------------------

  function fold(text) {
    text = String(text || "");
    if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
    return text.normalize("NFKD").replace(COMBINING, "").toLowerCase().replace(/ß/g, "ss");
  }

  function isDigit(word) {
    return DIGITS.test(word);
  }

  function queryTokens(text) {
    const folded = fold(text).replace(APOSTROPHE_S, "").replace(APOSTROPHE, "");
    const tokens = [];
    for (const match of folded.matchAll(QUERY_WORD)) {
      const word = match[0].replace(/-/g, "");
      if (word.length > 1 || isDigit(word)) tokens.push(word);
    }
    return tokens;
  }

  function stemKeys(word) {
    const start = word.slice(0, 3);
    const S = global.BronwijzerSnowball;
    return ["nl:" + start + ":" + S.stemNl(word), "en:" + start + ":" + S.stemEn(word)];
  }

  function bisectLeft(sorted, value, low) {
    let lo = low || 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The half-open range of the sorted words that start with prefix. */
  function prefixRange(sorted, prefix) {
    const low = bisectLeft(sorted, prefix);
    let lo = low;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return [low, lo];
  }

  function typoBudget(word) {
    if (isDigit(word)) return 0;
    if (word.length >= 8) return 2;
    if (word.length >= 5) return 1;
    return 0;
  }

  /** Optimal string alignment distance (a swap of two neighbours is one edit). */
  function osa(a, b) {
    const n = a.length;
    const m = b.length;
    let before = null;
    let previous = new Array(m + 1);
    for (let j = 0; j <= m; j++) previous[j] = j;
    for (let i = 1; i <= n; i++) {
      const current = new Array(m + 1);
      current[0] = i;
      for (let j = 1; j <= m; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current[j] = value;
      }
      before = previous;
      previous = current;
    }
    return previous[m];
  }

  /** Choices within maxDistance edits, nearest first (ties in the order of the choices). */
  function typoMatches(word, choices, maxDistance) {
    if (maxDistance <= 0) return [];
    const found = [];
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i];
      if (choice === word || Math.abs(choice.length - word.length) > maxDistance) continue;
      const distance = osa(word, choice);
      if (distance <= maxDistance) found.push([choice, distance, i]);
    }
    found.sort((x, y) => x[1] - y[1] || x[2] - y[2]);
    return found.map((x) => [x[0], x[1]]);
  }

  function requiredMatches(concepts) {
    if (concepts <= 2) return concepts;
    if (concepts <= 4) return concepts - 1;
    return Math.ceil((concepts * 3) / 5);
  }

  /** numpy's rint: to the nearest integer, halves to even. */
  function rint(x) {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
  }

  // --- compounds ----------------------------------------------------------------------

  function splitCompound(word, known, links, minPart) {
    minPart = minPart || 3;
    let best = null;
    for (let i = minPart; i <= word.length - minPart; i++) {
      const tail = word.slice(i);
      if (!known(tail)) continue;
      const headWithLink = word.slice(0, i);
      for (const link of links) {
        if (link && !headWithLink.endsWith(link)) continue;
        const head = headWithLink.slice(0, headWithLink.length - link.length);
        if (head.length >= minPart && known(head)) {
          const r0 = Math.min(head.length, tail.length);
          const r1 = -link.length;
          if (best === null || r0 > best[0] || (r0 === best[0] && r1 > best[1])) best = [r0, r1, head, tail];
        }
      }
    }
    return best ? [best[2], best[3]] : null;
  }

  function knownHead(word, known, links) {
    const minPart = 4;
    for (let i = word.length - minPart; i >= minPart; i--) {
      const head = word.slice(0, i);
      for (const link of links) {
        if (link && !head.endsWith(link)) continue;
        const stem = head.slice(0, head.length - link.length);
        if (stem.length >= minPart && known(stem)) return stem;
      }
    }
    return null;
  }

  function knownTail(word, known) {
    const minPart = 4;
    for (let i = minPart; i <= word.length - minPart; i++) {
      if (known(word.slice(i))) return word.slice(i);
    }
    return null;
  }

  // --- synonyms (synonyms.py) ---------------------------------------------------------

  function languageOf(form) {
    return form.length === 1 && form[0].startsWith("lang:") ? form[0].slice(5) : null;
  }

  function formKey(form) {
    return form.join(SEP);
  }

  function lookupKeys(form) {
    const keys = form.map(stemKeys);
    return [
      "=" + SEP + form.join(SEP),
      "nl" + SEP + keys.map((k) => k[0]).join(SEP),
      "en" + SEP + keys.map((k) => k[1]).join(SEP),
    ];
  }

  class Synonyms {
    constructor(groups, constants, stopwords) {
      this.groups = groups;
      this.c = constants;
      this.byKey = new Map();
      this.maxWords = 1;
      const single = new Set();
      this.allWords = new Set();
      groups.forEach((group, number) => {
        for (const form of group.words.concat(group.also)) {
          if (languageOf(form) !== null) continue;
          for (const word of form) if (!stopwords.has(word)) this.allWords.add(word);
        }
        for (const form of group.words) {
          this.maxWords = Math.max(this.maxWords, form.length);
          if (languageOf(form) !== null) continue;
          if (form.length === 1) single.add(form[0]);
          for (const key of lookupKeys(form)) {
            if (!this.byKey.has(key)) this.byKey.set(key, new Set());
            this.byKey.get(key).add(number);
          }
        }
      });
      this.words = Array.from(single).sort();
    }

    groupsOf(form) {
      const found = new Set();
      for (const key of lookupKeys(form)) {
        const numbers = this.byKey.get(key);
        if (numbers) numbers.forEach((n) => found.add(n));
      }
      return found;
    }

    isForm(form) {
      return this.groupsOf(form).size > 0;
    }

    /** Whether a word is a word of the list: a one-word form, or a word of a phrase. */
    isWord(word) {
      return this.allWords.has(word) || this.isForm([word]);
    }

    /** [[form, score, related], ...] that a typed form stands for, or null when it is in no group. */
    expansions(form) {
      const numbers = Array.from(this.groupsOf(form)).sort((a, b) => a - b);
      if (!numbers.length) return null;
      const typed = new Set(lookupKeys(form));
      const scores = new Map();
      for (const number of numbers) {
        const group = this.groups[number];
        for (const [forms, score] of [
          [group.words, this.c.SYNONYM],
          [group.also, this.c.RELATED],
        ]) {
          for (const other of forms) {
            if (languageOf(other) === null && lookupKeys(other).some((k) => typed.has(k))) continue;
            const key = formKey(other);
            const held = scores.get(key);
            if (!held || held[1] < score) scores.set(key, [other, score]);
          }
        }
      }
      return Array.from(scores.values()).map(([form, score]) => [form, score, score === this.c.RELATED]);
    }
  }

  // --- the text index (textindex.py) --------------------------------------------------

  function reverse(word) {
    return word.split("").reverse().join("");
  }

  class TextIndex {
    constructor(data, constants, languageMask, languageWeight, isKnown) {
      this.c = constants;
      this.isKnown = isKnown || (() => false);
      this.n = data.n;
      this.words = data.words;
      this.wordId = new Map(data.words.map((w, i) => [w, i]));
      this.offsets = data.offsets;
      this.docs = Int32Array.from(data.docs);
      this.bits = Uint8Array.from(data.bits);
      this.df = this.words.map((_, i) => data.offsets[i + 1] - data.offsets[i]);
      this.weights = new Float32Array(256);
      for (let bits = 0; bits < 256; bits++) {
        let sum = 0;
        data.fields.forEach((w, f) => {
          if ((bits >> f) & 1) sum += w;
        });
        this.weights[bits] = sum;
      }
      this.languageMask = languageMask || null;
      this.languageWeight = languageWeight || 0;
      this.stems = new Map();
      this.words.forEach((word, i) => {
        for (const key of stemKeys(word)) {
          if (!this.stems.has(key)) this.stems.set(key, []);
          this.stems.get(key).push(i);
        }
      });
      this.reversed = this.words.map(reverse).sort();
      this.byLength = new Map();
      for (const word of this.words) {
        if (isDigit(word)) continue;
        if (!this.byLength.has(word.length)) this.byLength.set(word.length, []);
        this.byLength.get(word.length).push(word);
      }
      this.knownFn = (word) => this.known(word);
      this.memo = new Map();
    }

    known(word) {
      return this.wordId.has(word) || this.stems.has(stemKeys(word)[0]);
    }

    stemIds(word) {
      const found = new Set();
      for (const key of stemKeys(word)) (this.stems.get(key) || []).forEach((i) => found.add(i));
      return found;
    }

    withStems(word) {
      const ids = this.stemIds(word);
      if (this.wordId.has(word)) ids.add(this.wordId.get(word));
      return Array.from(ids).sort((a, b) => a - b);
    }

    tails(word) {
      const c = this.c;
      const [low, high] = prefixRange(this.reversed, reverse(word));
      const found = [];
      const end = Math.min(high, low + 4 * c.MAX_TAILS);
      for (let r = low; r < end; r++) {
        const compound = reverse(this.reversed[r]);
        const head = compound.slice(0, compound.length - word.length);
        if (head.length < c.MIN_PREFIX) continue;
        for (const link of c.LINKS) {
          if ((!link || head.endsWith(link)) && this.wordId.has(head.slice(0, head.length - link.length))) {
            found.push(this.wordId.get(compound));
            break;
          }
        }
        if (found.length >= c.MAX_TAILS) break;
      }
      return found;
    }

    typos(word, budget) {
      const choices = [];
      for (let n = word.length - budget; n <= word.length + budget; n++) {
        const block = this.byLength.get(n);
        if (block) for (const w of block) choices.push(w);
      }
      const found = typoMatches(word, choices, budget).map((x, i) => [x[0], x[1], i]);
      found.sort((x, y) => x[1] - y[1] || this.df[this.wordId.get(y[0])] - this.df[this.wordId.get(x[0])] || x[2] - y[2]);
      return found.map((x) => [x[0], x[1]]);
    }

    expand(word, typed) {
      const key = (typed ? "1" : "0") + word;
      let expansion = this.memo.get(key);
      if (!expansion) {
        expansion = this._expand(word, typed);
        if (this.memo.size > 8192) this.memo.clear();
        this.memo.set(key, expansion);
      }
      return expansion;
    }

    _expand(word, typed) {
      const c = this.c;
      const groups = [];
      const ranges = [];
      const phrases = [];
      const surfaces = [];
      const exact = this.wordId.has(word) ? this.wordId.get(word) : null;
      if (exact !== null) {
        groups.push([[exact], c.EXACT]);
        surfaces.push(word);
      }
      const stems = this.stemIds(word);
      if (exact !== null) stems.delete(exact);
      if (stems.size) {
        const ids = Array.from(stems).sort((a, b) => a - b);
        groups.push([ids, c.STEM]);
        ids
          .slice()
          .sort((a, b) => this.df[b] - this.df[a])
          .forEach((i) => surfaces.push(this.words[i]));
      }
      const found = exact !== null || stems.size > 0;
      if (word.length >= c.MIN_TAIL) {
        const tails = this.tails(word);
        if (tails.length) {
          groups.push([tails, c.PART]);
          tails.forEach((i) => surfaces.push(this.words[i]));
        }
      }
      if (typed) {
        if (word.length >= c.MIN_PREFIX && !isDigit(word)) {
          let [low, high] = prefixRange(this.words, word);
          if (exact === low) low += 1;
          if (high > low) {
            ranges.push([low, high, c.PREFIX]);
            surfaces.push(word);
          }
        }
        const split = word.length >= 6 && !found ? splitCompound(word, this.knownFn, c.LINKS) : null;
        if (split) {
          phrases.push([split, c.SPLIT]);
          surfaces.push(...split);
        }
        if (!found && !this.isKnown(word)) {
          let typos = this.typos(word, typoBudget(word));
          typos = typos.filter((t) => t[1] === typos[0][1]).slice(0, c.MAX_TYPOS); // the nearest only
          for (const [candidate, distance] of typos) {
            groups.push([this.withStems(candidate), distance === 1 ? c.TYPO_1 : c.TYPO_2]);
            surfaces.push(candidate);
          }
          if (!typos.length && !split && word.length >= 8) {
            const parts = new Set([
              knownHead(word, (w) => this.wordId.has(w), c.LINKS),
              knownTail(word, this.knownFn),
            ]);
            for (const part of parts) {
              if (part) {
                groups.push([this.withStems(part), c.PARTIAL]);
                surfaces.push(part);
              }
            }
          }
        }
      }
      const unique = Array.from(new Set(surfaces)).slice(0, c.MAX_SURFACES);
      return { groups, ranges, phrases, surfaces: unique, found };
    }

    scatter(out, ids, score) {
      const s = f32(score);
      for (const id of ids) this.scatterRange(out, id, id + 1, s);
    }

    scatterRange(out, low, high, score) {
      const s = f32(score);
      for (let p = this.offsets[low]; p < this.offsets[high]; p++) {
        const v = f32(this.weights[this.bits[p]] * s);
        const d = this.docs[p];
        if (v > out[d]) out[d] = v;
      }
    }

    word(out, word, typed, factor, memo) {
      const expansion = this.expand(word, typed);
      for (const [ids, score] of expansion.groups) this.scatter(out, ids, score * factor);
      for (const [low, high, score] of expansion.ranges) this.scatterRange(out, low, high, score * factor);
      for (const [words, score] of expansion.phrases) {
        maxInto(out, this.phrase(words, memo), f32(score * factor));
      }
      return expansion;
    }

    phrase(words, memo) {
      let result = null;
      for (const word of words) {
        let scores = memo.get(word);
        if (!scores) {
          scores = new Float32Array(this.n);
          memo.set(word, scores);
          this.word(scores, word, false, 1.0, memo);
        }
        if (result === null) result = Float32Array.from(scores);
        else for (let d = 0; d < this.n; d++) if (scores[d] < result[d]) result[d] = scores[d];
        if (!result.some((v) => v > 0)) break;
      }
      return result || new Float32Array(this.n);
    }

    alternative(out, alternative, surfaces, memo) {
      const code = languageOf(alternative.words);
      if (code !== null) {
        const docs = this.languageMask ? this.languageMask(code) : null;
        if (docs) {
          const v = f32(this.languageWeight * alternative.weight);
          for (const d of docs) if (v > out[d]) out[d] = v;
        }
      } else if (alternative.words.length === 1) {
        const expansion = this.word(out, alternative.words[0], alternative.typed, alternative.weight, memo);
        if (surfaces) surfaces.push(...expansion.surfaces);
      } else {
        const phrase = this.phrase(alternative.words, memo);
        if (phrase.some((v) => v > 0)) {
          maxInto(out, phrase, f32(this.c.PHRASE * alternative.weight));
          if (surfaces) surfaces.push(...alternative.words);
        }
      }
    }

    /** [direct, related or null]: the best of the typed words and synonyms; the sum of the related words. */
    conceptScores(concept, surfaces, memo) {
      const direct = new Float32Array(this.n);
      let related = null;
      for (const alternative of concept.alternatives) {
        if (alternative.source === "related") {
          const scores = new Float32Array(this.n);
          this.alternative(scores, alternative, null, memo);
          if (related === null) related = scores;
          else for (let d = 0; d < this.n; d++) related[d] = f32(related[d] + scores[d]);
        } else {
          this.alternative(direct, alternative, alternative.source === "typed" ? surfaces : null, memo);
        }
      }
      return [direct, related];
    }

    /** Like TextIndex.match on the server: {pool, counts, scores, surfaces, how, widened}. */
    match(concepts, required) {
      if (required === undefined) required = concepts.length;
      const surfaces = [];
      const memo = new Map();
      const scored = concepts.map((concept) => this.conceptScores(concept, surfaces, memo));
      const directCounts = new Int16Array(this.n);
      for (const [direct, related] of scored) {
        // a concept nothing matches directly is represented by its related words
        const own = related === null || direct.some((v) => v > 0) ? direct : related;
        for (let d = 0; d < this.n; d++) if (own[d] > 0) directCounts[d] += 1;
      }
      let pool = Array.from(directCounts, (count) => count >= required);
      const widened = !pool.some(Boolean) && scored.some(([, related]) => related !== null);
      const counts = new Int16Array(this.n);
      const total = new Float32Array(this.n);
      const boost = f32(this.c.RELATED_BOOST);
      const hits = [];
      for (const [direct, related] of scored) {
        const hit = new Uint8Array(this.n);
        const score = new Float32Array(this.n);
        let df = 0;
        for (let d = 0; d < this.n; d++) {
          score[d] = related === null ? direct[d] : f32(direct[d] + f32(related[d] * boost));
          if (direct[d] > 0 || (related !== null && related[d] > 0)) {
            hit[d] = 1;
            counts[d] += 1;
            df++;
          }
        }
        if (df) {
          const idf = f32(1 + 0.5 * Math.log(this.n / df));
          for (let d = 0; d < this.n; d++) if (score[d] > 0) total[d] = f32(total[d] + f32(score[d] * idf));
        }
        hits.push(hit);
      }
      if (widened) pool = Array.from(counts, (count) => count >= required);
      const how = scored.map(([direct], i) => {
        let any = false;
        for (let d = 0; d < this.n; d++) {
          if (!pool[d]) continue;
          if (direct[d] > 0) return "direct";
          if (hits[i][d]) any = true;
        }
        return any ? "related" : "none";
      });
      const found = hits.map((hit) => hit.some((v) => v > 0));
      return { pool, counts, scores: total, surfaces: Array.from(new Set(surfaces)), how, widened, found };
    }
  }

  function maxInto(out, scores, factor) {
    for (let d = 0; d < out.length; d++) {
      const v = f32(scores[d] * factor);
      if (v > out[d]) out[d] = v;
    }
  }

  global.BronwijzerSearchParts = {
    fold,
    queryTokens,
    stemKeys,
    prefixRange,
    typoBudget,
    typoMatches,
    osa,
    requiredMatches,
    rint,
    splitCompound,
    knownHead,
    knownTail,
    languageOf,
    formKey,
    Synonyms,
    TextIndex,
  };
})(typeof window !== "undefined" ? window : globalThis);
