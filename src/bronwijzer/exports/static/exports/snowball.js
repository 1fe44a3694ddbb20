/*!
 * Snowball stemmers for Dutch and English, for Bronwijzer's offline search.
 *
 * The stemmers are translated line by line into JavaScript from the Python code that
 * Snowball 3.1.1 generated from dutch.sbl and english.sbl (the snowballstemmer package that
 * the server's search uses), so that the offline search stems exactly as the server does.
 * The part between the "generated" markers is written by `python -m
 * bronwijzer.exports.static_snowball`; BaseStemmer below is a hand port of basestemmer.py.
 * tests/exports checks the file is current; tests/browser compares the stems with the server's.
 *
 * Snowball's licence (the COPYING file of snowballstemmer 3.1.1):
 *
 * Copyright (c) 2001, Dr Martin Porter
 * Copyright (c) 2004,2005, Richard Boulton
 * Copyright (c) 2013, Yoshiki Shibukawa
 * Copyright (c) 2006-2025, Olly Betts
 * All rights reserved.
 *
 * Redistribution and use in source and binary forms, with or without modification, are
 * permitted provided that the following conditions are met:
 *   1. Redistributions of source code must retain the above copyright notice, this list of
 *      conditions and the following disclaimer.
 *   2. Redistributions in binary form must reproduce the above copyright notice, this list
 *      of conditions and the following disclaimer in the documentation and/or other
 *      materials provided with the distribution.
 *   3. Neither the name of the Snowball project nor the names of its contributors may be
 *      used to endorse or promote products derived from this software without specific
 *      prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY
 * EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL
 * THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
 * SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT
 * OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
 * INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT
 * LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
(function (global) {
  "use strict";

  function Among(s, substring_i, result, method) {
    this.s = s;
    this.substring_i = substring_i;
    this.result = result;
    this.method = method || null;
  }

  class BaseStemmer {
    constructor() { this.set_current(""); }

    set_current(value) {
      this.current = value;
      this.cursor = 0;
      this.limit = this.current.length;
      this.limit_backward = 0;
      this.bra = this.cursor;
      this.ket = this.limit;
    }

    get_current() { return this.current; }

    in_grouping(s) {
      if (this.cursor >= this.limit) return false;
      if (!s.has(this.current[this.cursor])) return false;
      this.cursor += 1;
      return true;
    }

    go_in_grouping(s) {
      while (this.cursor < this.limit) {
        if (!s.has(this.current[this.cursor])) return true;
        this.cursor += 1;
      }
      return false;
    }

    in_grouping_b(s) {
      if (this.cursor <= this.limit_backward) return false;
      if (!s.has(this.current[this.cursor - 1])) return false;
      this.cursor -= 1;
      return true;
    }

    go_in_grouping_b(s) {
      while (this.cursor > this.limit_backward) {
        if (!s.has(this.current[this.cursor - 1])) return true;
        this.cursor -= 1;
      }
      return false;
    }

    out_grouping(s) {
      if (this.cursor >= this.limit) return false;
      if (!s.has(this.current[this.cursor])) {
        this.cursor += 1;
        return true;
      }
      return false;
    }

    go_out_grouping(s) {
      while (this.cursor < this.limit) {
        if (s.has(this.current[this.cursor])) return true;
        this.cursor += 1;
      }
      return false;
    }

    out_grouping_b(s) {
      if (this.cursor <= this.limit_backward) return false;
      if (!s.has(this.current[this.cursor - 1])) {
        this.cursor -= 1;
        return true;
      }
      return false;
    }

    go_out_grouping_b(s) {
      while (this.cursor > this.limit_backward) {
        if (s.has(this.current[this.cursor - 1])) return true;
        this.cursor -= 1;
      }
      return false;
    }

    eq_s(s) {
      if (this.limit - this.cursor < s.length) return false;
      if (this.current.slice(this.cursor, this.cursor + s.length) !== s) return false;
      this.cursor += s.length;
      return true;
    }

    eq_s_b(s) {
      if (this.cursor - this.limit_backward < s.length) return false;
      if (this.current.slice(this.cursor - s.length, this.cursor) !== s) return false;
      this.cursor -= s.length;
      return true;
    }

    find_among(v) {
      let i = 0;
      let j = v.length;
      const c = this.cursor;
      const l = this.limit;
      let common_i = 0;
      let common_j = 0;
      let first_key_inspected = false;
      while (true) {
        const k = i + ((j - i) >> 1);
        let diff = 0;
        let common = Math.min(common_i, common_j);
        const w = v[k];
        for (let i2 = common; i2 < w.s.length; i2++) {
          if (c + common === l) { diff = -1; break; }
          diff = this.current.charCodeAt(c + common) - w.s.charCodeAt(i2);
          if (diff !== 0) break;
          common += 1;
        }
        if (diff < 0) { j = k; common_j = common; } else { i = k; common_i = common; }
        if (j - i <= 1) {
          if (i > 0) break;
          if (j === i) break;
          if (first_key_inspected) break;
          first_key_inspected = true;
        }
      }
      while (true) {
        const w = v[i];
        if (common_i >= w.s.length) {
          this.cursor = c + w.s.length;
          if (w.method === null) return w.result;
          if (w.method.call(this)) {
            this.cursor = c + w.s.length;
            return w.result;
          }
        }
        i = w.substring_i;
        if (i < 0) return 0;
      }
    }

    find_among_b(v) {
      let i = 0;
      let j = v.length;
      const c = this.cursor;
      const lb = this.limit_backward;
      let common_i = 0;
      let common_j = 0;
      let first_key_inspected = false;
      while (true) {
        const k = i + ((j - i) >> 1);
        let diff = 0;
        let common = Math.min(common_i, common_j);
        const w = v[k];
        for (let i2 = w.s.length - 1 - common; i2 >= 0; i2--) {
          if (c - common === lb) { diff = -1; break; }
          diff = this.current.charCodeAt(c - 1 - common) - w.s.charCodeAt(i2);
          if (diff !== 0) break;
          common += 1;
        }
        if (diff < 0) { j = k; common_j = common; } else { i = k; common_i = common; }
        if (j - i <= 1) {
          if (i > 0) break;
          if (j === i) break;
          if (first_key_inspected) break;
          first_key_inspected = true;
        }
      }
      while (true) {
        const w = v[i];
        if (common_i >= w.s.length) {
          this.cursor = c - w.s.length;
          if (w.method === null) return w.result;
          if (w.method.call(this)) {
            this.cursor = c - w.s.length;
            return w.result;
          }
        }
        i = w.substring_i;
        if (i < 0) return 0;
      }
    }

    replace_s(c_bra, c_ket, s) {
      const adjustment = s.length - (c_ket - c_bra);
      this.current = this.current.slice(0, c_bra) + s + this.current.slice(c_ket);
      this.limit += adjustment;
      if (this.cursor >= c_ket) this.cursor += adjustment;
      else if (this.cursor > c_bra) this.cursor = c_bra;
      return adjustment;
    }

    slice_from(s) {
      this.replace_s(this.bra, this.ket, s);
      this.ket = this.bra + s.length;
      return true;
    }

    slice_del() { return this.slice_from(""); }

    insert(c_bra, c_ket, s) {
      const adjustment = this.replace_s(c_bra, c_ket, s);
      if (c_bra <= this.bra) this.bra += adjustment;
      if (c_bra <= this.ket) this.ket += adjustment;
    }

    slice_to() { return this.current.slice(this.bra, this.ket); }

    assign_to() { return this.current.slice(0, this.limit); }

    stemWord(word) {
      this.set_current(word);
      this._stem();
      return this.get_current();
    }
  }

  // --- generated by bronwijzer.exports.static_snowball: begin
  // snowballstemmer 3.1.1
  const DutchStemmer = (function () {
const g_E = new Set(["e", "è", "é", "ê", "ë"]);
const g_AIOU = new Set(["a", "i", "o", "u", "à", "á", "â", "ä", "ì", "í", "î", "ï", "ò", "ó", "ô", "ö", "ù", "ú", "û", "ü"]);
const g_AEIOU = new Set(["a", "e", "i", "o", "u", "à", "á", "â", "ä", "è", "é", "ê", "ë", "ì", "í", "î", "ï", "ò", "ó", "ô", "ö", "ù", "ú", "û", "ü"]);
const g_v = new Set(["a", "e", "i", "o", "u", "y", "à", "á", "â", "ä", "è", "é", "ê", "ë", "ì", "í", "î", "ï", "ò", "ó", "ô", "ö", "ù", "ú", "û", "ü"]);
const g_v_WX = new Set(["a", "e", "i", "o", "u", "w", "x", "y", "à", "á", "â", "ä", "è", "é", "ê", "ë", "ì", "í", "î", "ï", "ò", "ó", "ô", "ö", "ù", "ú", "û", "ü"]);
const a_0 = [
    new Among("a", -1, 1),
    new Among("e", -1, 2),
    new Among("o", -1, 1),
    new Among("u", -1, 1),
    new Among("à", -1, 1),
    new Among("á", -1, 1),
    new Among("â", -1, 1),
    new Among("ä", -1, 1),
    new Among("è", -1, 2),
    new Among("é", -1, 2),
    new Among("ê", -1, 2),
    new Among("eë", -1, 3),
    new Among("ië", -1, 4),
    new Among("ò", -1, 1),
    new Among("ó", -1, 1),
    new Among("ô", -1, 1),
    new Among("ö", -1, 1),
    new Among("ù", -1, 1),
    new Among("ú", -1, 1),
    new Among("û", -1, 1),
    new Among("ü", -1, 1)
];
const a_1 = [
    new Among("nde", -1, 8),
    new Among("en", -1, 7),
    new Among("s", -1, 2),
    new Among("'s", 2, 1),
    new Among("es", 2, 4),
    new Among("ies", 4, 3),
    new Among("aus", 2, 6),
    new Among("és", 2, 5)
];
const a_2 = [
    new Among("de", -1, 5),
    new Among("ge", -1, 2),
    new Among("ische", -1, 4),
    new Among("je", -1, 1),
    new Among("lijke", -1, 3),
    new Among("le", -1, 9),
    new Among("ene", -1, 10),
    new Among("re", -1, 8),
    new Among("se", -1, 7),
    new Among("te", -1, 6),
    new Among("ieve", -1, 11)
];
const a_3 = [
    new Among("heid", -1, 3),
    new Among("fie", -1, 7),
    new Among("gie", -1, 8),
    new Among("atie", -1, 1),
    new Among("isme", -1, 5),
    new Among("ing", -1, 5),
    new Among("arij", -1, 6),
    new Among("erij", -1, 5),
    new Among("sel", -1, 3),
    new Among("rder", -1, 4),
    new Among("ster", -1, 3),
    new Among("iteit", -1, 2),
    new Among("dst", -1, 10),
    new Among("tst", -1, 9)
];
const a_4 = [
    new Among("end", -1, 9),
    new Among("atief", -1, 2),
    new Among("erig", -1, 9),
    new Among("achtig", -1, 3),
    new Among("ioneel", -1, 1),
    new Among("baar", -1, 3),
    new Among("laar", -1, 5),
    new Among("naar", -1, 4),
    new Among("raar", -1, 6),
    new Among("eriger", -1, 9),
    new Among("achtiger", -1, 3),
    new Among("lijker", -1, 8),
    new Among("tant", -1, 7),
    new Among("erigst", -1, 9),
    new Among("achtigst", -1, 3),
    new Among("lijkst", -1, 8)
];
const a_5 = [
    new Among("ig", -1, 1),
    new Among("iger", -1, 1),
    new Among("igst", -1, 1)
];
const a_6 = [
    new Among("ft", -1, 2),
    new Among("kt", -1, 1),
    new Among("pt", -1, 3)
];
const as_6 = ["k", "f", "p"];
const a_7 = [
    new Among("bb", -1, 1),
    new Among("cc", -1, 2),
    new Among("dd", -1, 3),
    new Among("ff", -1, 4),
    new Among("gg", -1, 5),
    new Among("hh", -1, 6),
    new Among("jj", -1, 7),
    new Among("kk", -1, 8),
    new Among("ll", -1, 9),
    new Among("mm", -1, 10),
    new Among("nn", -1, 11),
    new Among("pp", -1, 12),
    new Among("qq", -1, 13),
    new Among("rr", -1, 14),
    new Among("ss", -1, 15),
    new Among("tt", -1, 16),
    new Among("v", -1, 4),
    new Among("vv", 16, 17),
    new Among("ww", -1, 18),
    new Among("xx", -1, 19),
    new Among("z", -1, 15),
    new Among("zz", 20, 20)
];
const a_8 = [
    new Among("d", -1, 1),
    new Among("t", -1, 2)
];
const a_9 = [
    new Among("", -1, -1),
    new Among("eft", 0, 1),
    new Among("vaa", 0, 1),
    new Among("val", 0, 1),
    new Among("vali", 3, -1),
    new Among("vare", 0, 1)
];
const a_10 = [
    new Among("ë", -1, 1),
    new Among("ï", -1, 2)
];
const as_10 = ["e", "i"];
const a_11 = [
    new Among("ë", -1, 1),
    new Among("ï", -1, 2)
];
const as_11 = ["e", "i"];
  class DutchStemmer extends BaseStemmer {
  constructor() {
    super();
    this.B_GE_removed = false;
    this.I_p2 = 0;
    this.I_p1 = 0;
  }

  r_R1() {
    return this.I_p1 <= this.cursor;
  }

  r_R2() {
    return this.I_p2 <= this.cursor;
  }

  r_V() {
    var v_1 = this.limit - this.cursor;
    while (true) {
      lab0_1: {
        if (! this.in_grouping_b(g_v)) {
          break lab0_1;
        }
        break;
      }
      if (! this.eq_s_b("ij")) {
        return false;
      }
      break;
    }
    this.cursor = this.limit - v_1;
    return true;
  }

  r_VX() {
    var v_1 = this.limit - this.cursor;
    if (this.cursor <= this.limit_backward) {
      return false;
    }
    this.cursor -= 1;
    while (true) {
      lab0_1: {
        if (! this.in_grouping_b(g_v)) {
          break lab0_1;
        }
        break;
      }
      if (! this.eq_s_b("ij")) {
        return false;
      }
      break;
    }
    this.cursor = this.limit - v_1;
    return true;
  }

  r_C() {
    var v_1 = this.limit - this.cursor;
    lab0_1: {
      if (! this.eq_s_b("ij")) {
        break lab0_1;
      }
      return false;
    }
    if (! this.out_grouping_b(g_v)) {
      return false;
    }
    this.cursor = this.limit - v_1;
    return true;
  }

  r_lengthen_V() {
    var v_1 = this.limit - this.cursor;
    lab0_1: {
      if (! this.out_grouping_b(g_v_WX)) {
        break lab0_1;
      }
      this.ket = this.cursor;
      var among_var = this.find_among_b(a_0);
      if (among_var == 0) {
        break lab0_1;
      }
      this.bra = this.cursor;
      if (among_var == 1) {
        var v_2 = this.limit - this.cursor;
        while (true) {
          lab1_2: {
            if (! this.out_grouping_b(g_AEIOU)) {
              break lab1_2;
            }
            break;
          }
          if (this.cursor > this.limit_backward) {
            break lab0_1;
          }
          break;
        }
        this.cursor = this.limit - v_2;
        var S_ch = this.slice_to();
        var c = this.cursor;
        this.insert(this.cursor, this.cursor, S_ch);
        this.cursor = c;
      } else if (among_var == 2) {
        var v_3 = this.limit - this.cursor;
        while (true) {
          lab1_3: {
            if (! this.out_grouping_b(g_AEIOU)) {
              break lab1_3;
            }
            break;
          }
          if (this.cursor > this.limit_backward) {
            break lab0_1;
          }
          break;
        }
        var v_4 = this.limit - this.cursor;
        lab1_4: {
          while (true) {
            lab2_5: {
              if (! this.in_grouping_b(g_AIOU)) {
                break lab2_5;
              }
              break;
            }
            if (! this.in_grouping_b(g_E)) {
              break lab1_4;
            }
            if (this.cursor > this.limit_backward) {
              break lab1_4;
            }
            break;
          }
          break lab0_1;
        }
        this.cursor = this.limit - v_4;
        var v_5 = this.limit - this.cursor;
        lab1_6: {
          if (this.cursor <= this.limit_backward) {
            break lab1_6;
          }
          this.cursor -= 1;
          if (! this.in_grouping_b(g_AIOU)) {
            break lab1_6;
          }
          if (! this.out_grouping_b(g_AEIOU)) {
            break lab1_6;
          }
          break lab0_1;
        }
        this.cursor = this.limit - v_5;
        this.cursor = this.limit - v_3;
        S_ch = this.slice_to();
        c = this.cursor;
        this.insert(this.cursor, this.cursor, S_ch);
        this.cursor = c;
      } else if (among_var == 3) {
        this.slice_from("eëe");
      } else {
        this.slice_from("iee");
      }
    }
    this.cursor = this.limit - v_1;
    return true;
  }

  r_Step_1() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_1);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (among_var == 1) {
      this.slice_del();
    } else if (among_var == 2) {
      if (! this.r_R1()) {
        return false;
      }
      var v_1 = this.limit - this.cursor;
      lab0_1: {
        if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "t") {
          break lab0_1;
        }
        this.cursor -= 1;
        if (! this.r_R1()) {
          break lab0_1;
        }
        return false;
      }
      this.cursor = this.limit - v_1;
      if (! this.r_C()) {
        return false;
      }
      this.slice_del();
    } else if (among_var == 3) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_from("ie");
    } else if (among_var == 4) {
      while (true) {
        var v_2 = this.limit - this.cursor;
        lab0_2: {
          var v_3 = this.limit - this.cursor;
          if (! this.eq_s_b("ar")) {
            break lab0_2;
          }
          if (! this.r_R1()) {
            break lab0_2;
          }
          if (! this.r_C()) {
            break lab0_2;
          }
          this.cursor = this.limit - v_3;
          this.slice_del();
          this.r_lengthen_V();
          break;
        }
        this.cursor = this.limit - v_2;
        lab0_3: {
          var v_4 = this.limit - this.cursor;
          if (! this.eq_s_b("er")) {
            break lab0_3;
          }
          if (! this.r_R1()) {
            break lab0_3;
          }
          if (! this.r_C()) {
            break lab0_3;
          }
          this.cursor = this.limit - v_4;
          this.slice_del();
          break;
        }
        this.cursor = this.limit - v_2;
        if (! this.r_R1()) {
          return false;
        }
        if (! this.r_C()) {
          return false;
        }
        this.slice_from("e");
        break;
      }
    } else if (among_var == 5) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_from("é");
    } else if (among_var == 6) {
      if (! this.r_R1()) {
        return false;
      }
      if (! this.r_V()) {
        return false;
      }
      this.slice_from("au");
    } else if (among_var == 7) {
      while (true) {
        var v_5 = this.limit - this.cursor;
        lab0_4: {
          if (! this.eq_s_b("hed")) {
            break lab0_4;
          }
          if (! this.r_R1()) {
            break lab0_4;
          }
          this.bra = this.cursor;
          this.slice_from("heid");
          break;
        }
        this.cursor = this.limit - v_5;
        lab0_5: {
          if (! this.eq_s_b("nd")) {
            break lab0_5;
          }
          this.slice_del();
          break;
        }
        this.cursor = this.limit - v_5;
        lab0_6: {
          if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "d") {
            break lab0_6;
          }
          this.cursor -= 1;
          if (! this.r_R1()) {
            break lab0_6;
          }
          if (! this.r_C()) {
            break lab0_6;
          }
          this.bra = this.cursor;
          this.slice_del();
          break;
        }
        this.cursor = this.limit - v_5;
        lab0_7: {
          while (true) {
            lab1_8: {
              if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "i") {
                break lab1_8;
              }
              this.cursor -= 1;
              break;
            }
            if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "j") {
              break lab0_7;
            }
            this.cursor -= 1;
            break;
          }
          if (! this.r_V()) {
            break lab0_7;
          }
          this.slice_del();
          break;
        }
        this.cursor = this.limit - v_5;
        if (! this.r_R1()) {
          return false;
        }
        if (! this.r_C()) {
          return false;
        }
        this.slice_del();
        this.r_lengthen_V();
        break;
      }
    } else {
      this.slice_from("nd");
    }
    return true;
  }

  r_Step_2() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_2);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (among_var == 1) {
      while (true) {
        var v_1 = this.limit - this.cursor;
        lab0_1: {
          if (! this.eq_s_b("'t")) {
            break lab0_1;
          }
          this.bra = this.cursor;
          this.slice_del();
          break;
        }
        this.cursor = this.limit - v_1;
        lab0_2: {
          if (! this.eq_s_b("et")) {
            break lab0_2;
          }
          this.bra = this.cursor;
          if (! this.r_R1()) {
            break lab0_2;
          }
          if (! this.r_C()) {
            break lab0_2;
          }
          this.slice_del();
          break;
        }
        this.cursor = this.limit - v_1;
        lab0_3: {
          if (! this.eq_s_b("rnt")) {
            break lab0_3;
          }
          this.bra = this.cursor;
          this.slice_from("rn");
          break;
        }
        this.cursor = this.limit - v_1;
        lab0_4: {
          if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "t") {
            break lab0_4;
          }
          this.cursor -= 1;
          this.bra = this.cursor;
          if (! this.r_R1()) {
            break lab0_4;
          }
          if (! this.r_VX()) {
            break lab0_4;
          }
          this.slice_del();
          break;
        }
        this.cursor = this.limit - v_1;
        lab0_5: {
          if (! this.eq_s_b("ink")) {
            break lab0_5;
          }
          this.bra = this.cursor;
          this.slice_from("ing");
          break;
        }
        this.cursor = this.limit - v_1;
        lab0_6: {
          if (! this.eq_s_b("mp")) {
            break lab0_6;
          }
          this.bra = this.cursor;
          this.slice_from("m");
          break;
        }
        this.cursor = this.limit - v_1;
        lab0_7: {
          if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "'") {
            break lab0_7;
          }
          this.cursor -= 1;
          this.bra = this.cursor;
          if (! this.r_R1()) {
            break lab0_7;
          }
          this.slice_del();
          break;
        }
        this.cursor = this.limit - v_1;
        this.bra = this.cursor;
        if (! this.r_R1()) {
          return false;
        }
        if (! this.r_C()) {
          return false;
        }
        this.slice_del();
        break;
      }
    } else if (among_var == 2) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_from("g");
    } else if (among_var == 3) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_from("lijk");
    } else if (among_var == 4) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_from("isch");
    } else if (among_var == 5) {
      if (! this.r_R1()) {
        return false;
      }
      if (! this.r_C()) {
        return false;
      }
      this.slice_del();
    } else if (among_var == 6) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_from("t");
    } else if (among_var == 7) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_from("s");
    } else if (among_var == 8) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_from("r");
    } else if (among_var == 9) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_del();
      this.insert(this.cursor, this.cursor, "l");
      this.r_lengthen_V();
    } else if (among_var == 10) {
      if (! this.r_R1()) {
        return false;
      }
      if (! this.r_C()) {
        return false;
      }
      this.slice_del();
      this.insert(this.cursor, this.cursor, "en");
      this.r_lengthen_V();
    } else {
      if (! this.r_R1()) {
        return false;
      }
      if (! this.r_C()) {
        return false;
      }
      this.slice_from("ief");
    }
    return true;
  }

  r_Step_3() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_3);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (among_var == 1) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_from("eer");
    } else if (among_var == 2) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_del();
      this.r_lengthen_V();
    } else if (among_var == 3) {
      if (! this.r_R1()) {
        return false;
      }
      this.slice_del();
    } else if (among_var == 4) {
      this.slice_from("r");
    } else if (among_var == 5) {
      while (true) {
        var v_1 = this.limit - this.cursor;
        lab0_1: {
          if (! this.eq_s_b("ild")) {
            break lab0_1;
          }
          this.slice_from("er");
          break;
        }
        this.cursor = this.limit - v_1;
        if (! this.r_R1()) {
          return false;
        }
        this.slice_del();
        this.r_lengthen_V();
        break;
      }
    } else if (among_var == 6) {
      if (! this.r_R1()) {
        return false;
      }
      if (! this.r_C()) {
        return false;
      }
      this.slice_from("aar");
    } else if (among_var == 7) {
      if (! this.r_R2()) {
        return false;
      }
      this.slice_del();
      this.insert(this.cursor, this.cursor, "f");
      this.r_lengthen_V();
    } else if (among_var == 8) {
      if (! this.r_R2()) {
        return false;
      }
      this.slice_del();
      this.insert(this.cursor, this.cursor, "g");
      this.r_lengthen_V();
    } else if (among_var == 9) {
      if (! this.r_R1()) {
        return false;
      }
      if (! this.r_C()) {
        return false;
      }
      this.slice_from("t");
    } else {
      if (! this.r_R1()) {
        return false;
      }
      if (! this.r_C()) {
        return false;
      }
      this.slice_from("d");
    }
    return true;
  }

  r_Step_4() {
    while (true) {
      var v_1 = this.limit - this.cursor;
      lab0_1: {
        this.ket = this.cursor;
        var among_var = this.find_among_b(a_4);
        if (among_var == 0) {
          break lab0_1;
        }
        this.bra = this.cursor;
        if (among_var == 1) {
          if (! this.r_R1()) {
            break lab0_1;
          }
          this.slice_from("ie");
        } else if (among_var == 2) {
          if (! this.r_R1()) {
            break lab0_1;
          }
          this.slice_from("eer");
        } else if (among_var == 3) {
          if (! this.r_R1()) {
            break lab0_1;
          }
          this.slice_del();
        } else if (among_var == 4) {
          if (! this.r_R1()) {
            break lab0_1;
          }
          if (! this.r_V()) {
            break lab0_1;
          }
          this.slice_from("n");
        } else if (among_var == 5) {
          if (! this.r_R1()) {
            break lab0_1;
          }
          if (! this.r_V()) {
            break lab0_1;
          }
          this.slice_from("l");
        } else if (among_var == 6) {
          if (! this.r_R1()) {
            break lab0_1;
          }
          if (! this.r_V()) {
            break lab0_1;
          }
          this.slice_from("r");
        } else if (among_var == 7) {
          if (! this.r_R1()) {
            break lab0_1;
          }
          this.slice_from("teer");
        } else if (among_var == 8) {
          if (! this.r_R1()) {
            break lab0_1;
          }
          this.slice_from("lijk");
        } else {
          if (! this.r_R1()) {
            break lab0_1;
          }
          if (! this.r_C()) {
            break lab0_1;
          }
          this.slice_del();
          this.r_lengthen_V();
        }
        break;
      }
      this.cursor = this.limit - v_1;
      this.ket = this.cursor;
      if (this.find_among_b(a_5) == 0) {
        return false;
      }
      this.bra = this.cursor;
      if (! this.r_R1()) {
        return false;
      }
      var v_2 = this.limit - this.cursor;
      lab0_2: {
        if (! this.eq_s_b("inn")) {
          break lab0_2;
        }
        if (this.cursor > this.limit_backward) {
          break lab0_2;
        }
        return false;
      }
      this.cursor = this.limit - v_2;
      if (! this.r_C()) {
        return false;
      }
      this.slice_del();
      this.r_lengthen_V();
      break;
    }
    return true;
  }

  r_Step_7() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_6);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    this.slice_from(as_6[among_var - 1]);
    return true;
  }

  r_Step_6() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_7);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (among_var == 1) {
      this.slice_from("b");
    } else if (among_var == 2) {
      this.slice_from("c");
    } else if (among_var == 3) {
      this.slice_from("d");
    } else if (among_var == 4) {
      this.slice_from("f");
    } else if (among_var == 5) {
      this.slice_from("g");
    } else if (among_var == 6) {
      this.slice_from("h");
    } else if (among_var == 7) {
      this.slice_from("j");
    } else if (among_var == 8) {
      this.slice_from("k");
    } else if (among_var == 9) {
      this.slice_from("l");
    } else if (among_var == 10) {
      this.slice_from("m");
    } else if (among_var == 11) {
      var v_1 = this.limit - this.cursor;
      lab0_1: {
        if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "i") {
          break lab0_1;
        }
        this.cursor -= 1;
        if (this.cursor > this.limit_backward) {
          break lab0_1;
        }
        return false;
      }
      this.cursor = this.limit - v_1;
      this.slice_from("n");
    } else if (among_var == 12) {
      this.slice_from("p");
    } else if (among_var == 13) {
      this.slice_from("q");
    } else if (among_var == 14) {
      this.slice_from("r");
    } else if (among_var == 15) {
      this.slice_from("s");
    } else if (among_var == 16) {
      this.slice_from("t");
    } else if (among_var == 17) {
      this.slice_from("v");
    } else if (among_var == 18) {
      this.slice_from("w");
    } else if (among_var == 19) {
      this.slice_from("x");
    } else {
      this.slice_from("z");
    }
    return true;
  }

  r_Step_1c() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_8);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (! this.r_R1()) {
      return false;
    }
    if (! this.r_C()) {
      return false;
    }
    if (among_var == 1) {
      var v_1 = this.limit - this.cursor;
      lab0_1: {
        if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "n") {
          break lab0_1;
        }
        this.cursor -= 1;
        if (! this.r_R1()) {
          break lab0_1;
        }
        return false;
      }
      this.cursor = this.limit - v_1;
      while (true) {
        var v_2 = this.limit - this.cursor;
        lab0_2: {
          if (! this.eq_s_b("in")) {
            break lab0_2;
          }
          if (this.cursor > this.limit_backward) {
            break lab0_2;
          }
          this.slice_from("n");
          break;
        }
        this.cursor = this.limit - v_2;
        this.slice_del();
        break;
      }
    } else {
      var v_3 = this.limit - this.cursor;
      lab0_3: {
        if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "h") {
          break lab0_3;
        }
        this.cursor -= 1;
        if (! this.r_R1()) {
          break lab0_3;
        }
        return false;
      }
      this.cursor = this.limit - v_3;
      var v_4 = this.limit - this.cursor;
      lab0_4: {
        if (! this.eq_s_b("en")) {
          break lab0_4;
        }
        if (this.cursor > this.limit_backward) {
          break lab0_4;
        }
        return false;
      }
      this.cursor = this.limit - v_4;
      this.slice_del();
    }
    return true;
  }

  r_Lose_prefix() {
    this.bra = this.cursor;
    if (! this.eq_s("ge")) {
      return false;
    }
    this.ket = this.cursor;
    var v_1 = this.cursor;
    if (this.cursor + 3 > this.limit) {
      return false;
    }
    this.cursor += 3;
    this.cursor = v_1;
    var v_2 = this.cursor;
    while (true) {
      var v_3 = this.cursor;
      lab0_1: {
        while (true) {
          lab1_2: {
            if (! this.eq_s("ij")) {
              break lab1_2;
            }
            break;
          }
          if (! this.in_grouping(g_v)) {
            break lab0_1;
          }
          break;
        }
        break;
      }
      this.cursor = v_3;
      if (this.cursor >= this.limit) {
        return false;
      }
      this.cursor += 1;
    }
    while (true) {
      var v_4 = this.cursor;
      lab0_3: {
        while (true) {
          lab1_4: {
            if (! this.eq_s("ij")) {
              break lab1_4;
            }
            break;
          }
          if (! this.in_grouping(g_v)) {
            break lab0_3;
          }
          break;
        }
        continue;
      }
      this.cursor = v_4;
      break;
    }
    if (this.cursor >= this.limit) {
      return false;
    }
    this.cursor = v_2;
    var among_var = this.find_among(a_9);
    if (among_var == 1) {
      return false;
    }
    this.B_GE_removed = true;
    this.slice_del();
    var v_5 = this.cursor;
    lab0_5: {
      this.bra = this.cursor;
      among_var = this.find_among(a_10);
      if (among_var == 0) {
        break lab0_5;
      }
      this.ket = this.cursor;
      this.slice_from(as_10[among_var - 1]);
    }
    this.cursor = v_5;
    return true;
  }

  r_Lose_infix() {
    if (this.cursor >= this.limit) {
      return false;
    }
    this.cursor += 1;
    while (true) {
      lab0_1: {
        this.bra = this.cursor;
        if (! this.eq_s("ge")) {
          break lab0_1;
        }
        this.ket = this.cursor;
        break;
      }
      if (this.cursor >= this.limit) {
        return false;
      }
      this.cursor += 1;
    }
    var v_1 = this.cursor;
    if (this.cursor + 3 > this.limit) {
      return false;
    }
    this.cursor += 3;
    this.cursor = v_1;
    var v_2 = this.cursor;
    while (true) {
      var v_3 = this.cursor;
      lab0_2: {
        while (true) {
          lab1_3: {
            if (! this.eq_s("ij")) {
              break lab1_3;
            }
            break;
          }
          if (! this.in_grouping(g_v)) {
            break lab0_2;
          }
          break;
        }
        break;
      }
      this.cursor = v_3;
      if (this.cursor >= this.limit) {
        return false;
      }
      this.cursor += 1;
    }
    while (true) {
      var v_4 = this.cursor;
      lab0_4: {
        while (true) {
          lab1_5: {
            if (! this.eq_s("ij")) {
              break lab1_5;
            }
            break;
          }
          if (! this.in_grouping(g_v)) {
            break lab0_4;
          }
          break;
        }
        continue;
      }
      this.cursor = v_4;
      break;
    }
    if (this.cursor >= this.limit) {
      return false;
    }
    this.cursor = v_2;
    this.B_GE_removed = true;
    this.slice_del();
    var v_5 = this.cursor;
    lab0_6: {
      this.bra = this.cursor;
      var among_var = this.find_among(a_11);
      if (among_var == 0) {
        break lab0_6;
      }
      this.ket = this.cursor;
      this.slice_from(as_11[among_var - 1]);
    }
    this.cursor = v_5;
    return true;
  }

  r_measure() {
    this.I_p1 = this.limit;
    this.I_p2 = this.limit;
    var v_1 = this.cursor;
    lab0_1: {
      while (true) {
        lab1_2: {
          if (! this.out_grouping(g_v)) {
            break lab1_2;
          }
          continue;
        }
        break;
      }
      var v_2 = 1;
      while (true) {
        var v_3 = this.cursor;
        lab1_3: {
          while (true) {
            lab2_4: {
              if (! this.eq_s("ij")) {
                break lab2_4;
              }
              break;
            }
            if (! this.in_grouping(g_v)) {
              break lab1_3;
            }
            break;
          }
          v_2 -= 1;
          continue;
        }
        this.cursor = v_3;
        break;
      }
      if (v_2 > 0) {
        break lab0_1;
      }
      if (! this.out_grouping(g_v)) {
        break lab0_1;
      }
      this.I_p1 = this.cursor;
      while (true) {
        lab1_5: {
          if (! this.out_grouping(g_v)) {
            break lab1_5;
          }
          continue;
        }
        break;
      }
      var v_4 = 1;
      while (true) {
        var v_5 = this.cursor;
        lab1_6: {
          while (true) {
            lab2_7: {
              if (! this.eq_s("ij")) {
                break lab2_7;
              }
              break;
            }
            if (! this.in_grouping(g_v)) {
              break lab1_6;
            }
            break;
          }
          v_4 -= 1;
          continue;
        }
        this.cursor = v_5;
        break;
      }
      if (v_4 > 0) {
        break lab0_1;
      }
      if (! this.out_grouping(g_v)) {
        break lab0_1;
      }
      this.I_p2 = this.cursor;
    }
    this.cursor = v_1;
    return true;
  }

  _stem() {
    var B_stemmed = false;
    this.r_measure();
    this.limit_backward = this.cursor;
    this.cursor = this.limit;
    var v_1 = this.limit - this.cursor;
    lab0_1: {
      if (! this.r_Step_1()) {
        break lab0_1;
      }
      B_stemmed = true;
    }
    this.cursor = this.limit - v_1;
    var v_2 = this.limit - this.cursor;
    lab0_2: {
      if (! this.r_Step_2()) {
        break lab0_2;
      }
      B_stemmed = true;
    }
    this.cursor = this.limit - v_2;
    var v_3 = this.limit - this.cursor;
    lab0_3: {
      if (! this.r_Step_3()) {
        break lab0_3;
      }
      B_stemmed = true;
    }
    this.cursor = this.limit - v_3;
    var v_4 = this.limit - this.cursor;
    lab0_4: {
      if (! this.r_Step_4()) {
        break lab0_4;
      }
      B_stemmed = true;
    }
    this.cursor = this.limit - v_4;
    this.cursor = this.limit_backward;
    this.B_GE_removed = false;
    var v_5 = this.cursor;
    lab0_5: {
      var v_6 = this.cursor;
      if (! this.r_Lose_prefix()) {
        break lab0_5;
      }
      this.cursor = v_6;
      this.r_measure();
    }
    this.cursor = v_5;
    this.limit_backward = this.cursor;
    this.cursor = this.limit;
    var v_7 = this.limit - this.cursor;
    lab0_6: {
      if (! this.B_GE_removed) {
        break lab0_6;
      }
      B_stemmed = true;
      if (! this.r_Step_1c()) {
        break lab0_6;
      }
    }
    this.cursor = this.limit - v_7;
    this.cursor = this.limit_backward;
    this.B_GE_removed = false;
    var v_8 = this.cursor;
    lab0_7: {
      var v_9 = this.cursor;
      if (! this.r_Lose_infix()) {
        break lab0_7;
      }
      this.cursor = v_9;
      this.r_measure();
    }
    this.cursor = v_8;
    this.limit_backward = this.cursor;
    this.cursor = this.limit;
    var v_10 = this.limit - this.cursor;
    lab0_8: {
      if (! this.B_GE_removed) {
        break lab0_8;
      }
      B_stemmed = true;
      if (! this.r_Step_1c()) {
        break lab0_8;
      }
    }
    this.cursor = this.limit - v_10;
    this.cursor = this.limit_backward;
    this.limit_backward = this.cursor;
    this.cursor = this.limit;
    var v_11 = this.limit - this.cursor;
    lab0_9: {
      if (! this.r_Step_7()) {
        break lab0_9;
      }
      B_stemmed = true;
    }
    this.cursor = this.limit - v_11;
    var v_12 = this.limit - this.cursor;
    lab0_10: {
      if (! B_stemmed) {
        break lab0_10;
      }
      if (! this.r_Step_6()) {
        break lab0_10;
      }
    }
    this.cursor = this.limit - v_12;
    this.cursor = this.limit_backward;
    return true;
  }
  }
  return DutchStemmer;
  })();

  const EnglishStemmer = (function () {
const g_aeo = new Set(["a", "e", "o"]);
const g_v = new Set(["a", "e", "i", "o", "u", "y"]);
const g_v_WXY = new Set(["Y", "a", "e", "i", "o", "u", "w", "x", "y"]);
const g_valid_LI = new Set(["c", "d", "e", "g", "h", "k", "m", "n", "r", "t"]);
const a_0 = [
    new Among("arsen", -1, -1),
    new Among("commun", -1, -1),
    new Among("emerg", -1, -1),
    new Among("gener", -1, -1),
    new Among("inter", -1, -1),
    new Among("later", -1, -1),
    new Among("organ", -1, -1),
    new Among("past", -1, -1),
    new Among("univers", -1, -1)
];
const a_1 = [
    new Among("'", -1, 1),
    new Among("'s'", 0, 1),
    new Among("'s", -1, 1)
];
const a_2 = [
    new Among("ied", -1, 2),
    new Among("s", -1, 3),
    new Among("ies", 1, 2),
    new Among("sses", 1, 1),
    new Among("ss", 1, -1),
    new Among("us", 1, -1)
];
const a_3 = [
    new Among("succ", -1, 1),
    new Among("proc", -1, 1),
    new Among("exc", -1, 1)
];
const a_4 = [
    new Among("even", -1, 2),
    new Among("cann", -1, 2),
    new Among("inn", -1, 2),
    new Among("earr", -1, 2),
    new Among("herr", -1, 2),
    new Among("out", -1, 2),
    new Among("y", -1, 1)
];
const a_5 = [
    new Among("", -1, -1),
    new Among("ed", 0, 2),
    new Among("eed", 1, 1),
    new Among("ing", 0, 3),
    new Among("edly", 0, 2),
    new Among("eedly", 4, 1),
    new Among("ingly", 0, 2)
];
const a_6 = [
    new Among("", -1, 3),
    new Among("bb", 0, 2),
    new Among("dd", 0, 2),
    new Among("ff", 0, 2),
    new Among("gg", 0, 2),
    new Among("bl", 0, 1),
    new Among("mm", 0, 2),
    new Among("nn", 0, 2),
    new Among("pp", 0, 2),
    new Among("rr", 0, 2),
    new Among("at", 0, 1),
    new Among("tt", 0, 2),
    new Among("iz", 0, 1)
];
const a_7 = [
    new Among("anci", -1, 3),
    new Among("enci", -1, 2),
    new Among("ogi", -1, 14),
    new Among("li", -1, 16),
    new Among("bli", 3, 12),
    new Among("abli", 4, 4),
    new Among("alli", 3, 8),
    new Among("fulli", 3, 9),
    new Among("lessli", 3, 15),
    new Among("ousli", 3, 10),
    new Among("entli", 3, 5),
    new Among("aliti", -1, 8),
    new Among("biliti", -1, 12),
    new Among("iviti", -1, 11),
    new Among("tional", -1, 1),
    new Among("ational", 14, 7),
    new Among("alism", -1, 8),
    new Among("ation", -1, 7),
    new Among("ization", 17, 6),
    new Among("izer", -1, 6),
    new Among("ator", -1, 7),
    new Among("iveness", -1, 11),
    new Among("fulness", -1, 9),
    new Among("ousness", -1, 10),
    new Among("ogist", -1, 13)
];
const a_8 = [
    new Among("icate", -1, 4),
    new Among("ative", -1, 6),
    new Among("alize", -1, 3),
    new Among("iciti", -1, 4),
    new Among("ical", -1, 4),
    new Among("tional", -1, 1),
    new Among("ational", 5, 2),
    new Among("ful", -1, 5),
    new Among("ness", -1, 5)
];
const a_9 = [
    new Among("ic", -1, 1),
    new Among("ance", -1, 1),
    new Among("ence", -1, 1),
    new Among("able", -1, 1),
    new Among("ible", -1, 1),
    new Among("ate", -1, 1),
    new Among("ive", -1, 1),
    new Among("ize", -1, 1),
    new Among("iti", -1, 1),
    new Among("al", -1, 1),
    new Among("ism", -1, 1),
    new Among("ion", -1, 2),
    new Among("er", -1, 1),
    new Among("ous", -1, 1),
    new Among("ant", -1, 1),
    new Among("ent", -1, 1),
    new Among("ment", 15, 1),
    new Among("ement", 16, 1)
];
const a_10 = [
    new Among("e", -1, 1),
    new Among("l", -1, 2)
];
const a_11 = [
    new Among("andes", -1, -1),
    new Among("atlas", -1, -1),
    new Among("bias", -1, -1),
    new Among("cosmos", -1, -1),
    new Among("early", -1, 6),
    new Among("gently", -1, 4),
    new Among("howe", -1, -1),
    new Among("idly", -1, 3),
    new Among("news", -1, -1),
    new Among("only", -1, 7),
    new Among("singly", -1, 8),
    new Among("skies", -1, 2),
    new Among("skis", -1, 1),
    new Among("sky", -1, -1),
    new Among("ugly", -1, 5)
];
const as_11 = ["ski", "sky", "idl", "gentl", "ugli", "earli", "onli", "singl"];
  class EnglishStemmer extends BaseStemmer {
  constructor() {
    super();
    this.B_Y_found = false;
    this.I_p2 = 0;
    this.I_p1 = 0;
  }

  r_prelude() {
    this.B_Y_found = false;
    var v_1 = this.cursor;
    lab0_1: {
      this.bra = this.cursor;
      if (this.cursor == this.limit || this.current[this.cursor] != "'") {
        break lab0_1;
      }
      this.cursor += 1;
      this.ket = this.cursor;
      this.slice_del();
    }
    this.cursor = v_1;
    var v_2 = this.cursor;
    lab0_2: {
      this.bra = this.cursor;
      if (this.cursor == this.limit || this.current[this.cursor] != "y") {
        break lab0_2;
      }
      this.cursor += 1;
      this.ket = this.cursor;
      this.slice_from("Y");
      this.B_Y_found = true;
    }
    this.cursor = v_2;
    var v_3 = this.cursor;
    lab0_3: {
      while (true) {
        var v_4 = this.cursor;
        lab1_4: {
          while (true) {
            var v_5 = this.cursor;
            lab2_5: {
              if (! this.in_grouping(g_v)) {
                break lab2_5;
              }
              this.bra = this.cursor;
              if (this.cursor == this.limit || this.current[this.cursor] != "y") {
                break lab2_5;
              }
              this.cursor += 1;
              this.ket = this.cursor;
              this.cursor = v_5;
              break;
            }
            this.cursor = v_5;
            if (this.cursor >= this.limit) {
              break lab1_4;
            }
            this.cursor += 1;
          }
          this.slice_from("Y");
          this.B_Y_found = true;
          continue;
        }
        this.cursor = v_4;
        break;
      }
    }
    this.cursor = v_3;
    return true;
  }

  r_mark_regions() {
    this.I_p1 = this.limit;
    this.I_p2 = this.limit;
    var v_1 = this.cursor;
    lab0_1: {
      while (true) {
        var v_2 = this.cursor;
        lab1_2: {
          if (this.find_among(a_0) == 0) {
            break lab1_2;
          }
          break;
        }
        this.cursor = v_2;
        if (! this.go_out_grouping(g_v)) {
          break lab0_1;
        }
        this.cursor += 1;
        if (! this.go_in_grouping(g_v)) {
          break lab0_1;
        }
        this.cursor += 1;
        break;
      }
      this.I_p1 = this.cursor;
      if (! this.go_out_grouping(g_v)) {
        break lab0_1;
      }
      this.cursor += 1;
      if (! this.go_in_grouping(g_v)) {
        break lab0_1;
      }
      this.cursor += 1;
      this.I_p2 = this.cursor;
    }
    this.cursor = v_1;
    return true;
  }

  r_shortv() {
    while (true) {
      var v_1 = this.limit - this.cursor;
      lab0_1: {
        if (! this.out_grouping_b(g_v_WXY)) {
          break lab0_1;
        }
        if (! this.in_grouping_b(g_v)) {
          break lab0_1;
        }
        if (! this.out_grouping_b(g_v)) {
          break lab0_1;
        }
        break;
      }
      this.cursor = this.limit - v_1;
      lab0_2: {
        if (! this.out_grouping_b(g_v)) {
          break lab0_2;
        }
        if (! this.in_grouping_b(g_v)) {
          break lab0_2;
        }
        if (this.cursor > this.limit_backward) {
          break lab0_2;
        }
        break;
      }
      this.cursor = this.limit - v_1;
      if (! this.eq_s_b("past")) {
        return false;
      }
      break;
    }
    return true;
  }

  r_R1() {
    return this.I_p1 <= this.cursor;
  }

  r_R2() {
    return this.I_p2 <= this.cursor;
  }

  r_Step_1a() {
    var v_1 = this.limit - this.cursor;
    lab0_1: {
      this.ket = this.cursor;
      if (this.find_among_b(a_1) == 0) {
        this.cursor = this.limit - v_1;
        break lab0_1;
      }
      this.bra = this.cursor;
      this.slice_del();
    }
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_2);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (among_var == 1) {
      this.slice_from("ss");
    } else if (among_var == 2) {
      while (true) {
        var v_2 = this.limit - this.cursor;
        lab0_2: {
          if (this.cursor - 2 < this.limit_backward) {
            break lab0_2;
          }
          this.cursor -= 2;
          this.slice_from("i");
          break;
        }
        this.cursor = this.limit - v_2;
        this.slice_from("ie");
        break;
      }
    } else if (among_var == 3) {
      if (this.cursor <= this.limit_backward) {
        return false;
      }
      this.cursor -= 1;
      if (! this.go_out_grouping_b(g_v)) {
        return false;
      }
      this.cursor -= 1;
      this.slice_del();
    }
    return true;
  }

  r_Step_1b() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_5);
    this.bra = this.cursor;
    while (true) {
      var v_1 = this.limit - this.cursor;
      lab0_1: {
        if (among_var == 1) {
          var v_2 = this.limit - this.cursor;
          lab1_2: {
            if (! this.r_R1()) {
              break lab1_2;
            }
            while (true) {
              var v_3 = this.limit - this.cursor;
              lab2_3: {
                if (this.find_among_b(a_3) == 0) {
                  break lab2_3;
                }
                if (this.cursor > this.limit_backward) {
                  break lab2_3;
                }
                break;
              }
              this.cursor = this.limit - v_3;
              this.slice_from("ee");
              break;
            }
          }
          this.cursor = this.limit - v_2;
        } else if (among_var == 2) {
          break lab0_1;
        } else if (among_var == 3) {
          among_var = this.find_among_b(a_4);
          if (among_var == 0) {
            break lab0_1;
          }
          if (among_var == 1) {
            var v_4 = this.limit - this.cursor;
            if (! this.out_grouping_b(g_v)) {
              break lab0_1;
            }
            if (this.cursor > this.limit_backward) {
              break lab0_1;
            }
            this.cursor = this.limit - v_4;
            this.bra = this.cursor;
            this.slice_from("ie");
          } else {
            if (this.cursor > this.limit_backward) {
              break lab0_1;
            }
          }
        }
        break;
      }
      this.cursor = this.limit - v_1;
      var v_5 = this.limit - this.cursor;
      if (! this.go_out_grouping_b(g_v)) {
        return false;
      }
      this.cursor -= 1;
      this.cursor = this.limit - v_5;
      this.slice_del();
      this.ket = this.cursor;
      this.bra = this.cursor;
      var v_6 = this.limit - this.cursor;
      among_var = this.find_among_b(a_6);
      if (among_var == 1) {
        this.slice_from("e");
        return false;
      } else if (among_var == 2) {
        var v_7 = this.limit - this.cursor;
        lab0_4: {
          if (! this.in_grouping_b(g_aeo)) {
            break lab0_4;
          }
          if (this.cursor > this.limit_backward) {
            break lab0_4;
          }
          return false;
        }
        this.cursor = this.limit - v_7;
      } else {
        if (this.cursor != this.I_p1) {
          return false;
        }
        var v_8 = this.limit - this.cursor;
        if (! this.r_shortv()) {
          return false;
        }
        this.cursor = this.limit - v_8;
        this.slice_from("e");
        return false;
      }
      this.cursor = this.limit - v_6;
      this.ket = this.cursor;
      if (this.cursor <= this.limit_backward) {
        return false;
      }
      this.cursor -= 1;
      this.bra = this.cursor;
      this.slice_del();
      break;
    }
    return true;
  }

  r_Step_1c() {
    this.ket = this.cursor;
    while (true) {
      lab0_1: {
        if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "y") {
          break lab0_1;
        }
        this.cursor -= 1;
        break;
      }
      if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "Y") {
        return false;
      }
      this.cursor -= 1;
      break;
    }
    this.bra = this.cursor;
    if (! this.out_grouping_b(g_v)) {
      return false;
    }
    if (this.cursor <= this.limit_backward) {
      return false;
    }
    this.slice_from("i");
    return true;
  }

  r_Step_2() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_7);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (! this.r_R1()) {
      return false;
    }
    if (among_var == 1) {
      this.slice_from("tion");
    } else if (among_var == 2) {
      this.slice_from("ence");
    } else if (among_var == 3) {
      this.slice_from("ance");
    } else if (among_var == 4) {
      this.slice_from("able");
    } else if (among_var == 5) {
      this.slice_from("ent");
    } else if (among_var == 6) {
      this.slice_from("ize");
    } else if (among_var == 7) {
      this.slice_from("ate");
    } else if (among_var == 8) {
      this.slice_from("al");
    } else if (among_var == 9) {
      this.slice_from("ful");
    } else if (among_var == 10) {
      this.slice_from("ous");
    } else if (among_var == 11) {
      this.slice_from("ive");
    } else if (among_var == 12) {
      this.slice_from("ble");
    } else if (among_var == 13) {
      this.slice_from("og");
    } else if (among_var == 14) {
      if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "l") {
        return false;
      }
      this.cursor -= 1;
      this.slice_from("og");
    } else if (among_var == 15) {
      this.slice_from("less");
    } else {
      if (! this.in_grouping_b(g_valid_LI)) {
        return false;
      }
      this.slice_del();
    }
    return true;
  }

  r_Step_3() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_8);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (! this.r_R1()) {
      return false;
    }
    if (among_var == 1) {
      this.slice_from("tion");
    } else if (among_var == 2) {
      this.slice_from("ate");
    } else if (among_var == 3) {
      this.slice_from("al");
    } else if (among_var == 4) {
      this.slice_from("ic");
    } else if (among_var == 5) {
      this.slice_del();
    } else {
      if (! this.r_R2()) {
        return false;
      }
      this.slice_del();
    }
    return true;
  }

  r_Step_4() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_9);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (! this.r_R2()) {
      return false;
    }
    if (among_var == 1) {
      this.slice_del();
    } else {
      while (true) {
        lab0_1: {
          if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "s") {
            break lab0_1;
          }
          this.cursor -= 1;
          break;
        }
        if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "t") {
          return false;
        }
        this.cursor -= 1;
        break;
      }
      this.slice_del();
    }
    return true;
  }

  r_Step_5() {
    this.ket = this.cursor;
    var among_var = this.find_among_b(a_10);
    if (among_var == 0) {
      return false;
    }
    this.bra = this.cursor;
    if (among_var == 1) {
      while (true) {
        lab0_1: {
          if (! this.r_R2()) {
            break lab0_1;
          }
          break;
        }
        if (! this.r_R1()) {
          return false;
        }
        var v_1 = this.limit - this.cursor;
        lab0_2: {
          if (! this.r_shortv()) {
            break lab0_2;
          }
          return false;
        }
        this.cursor = this.limit - v_1;
        break;
      }
      this.slice_del();
    } else {
      if (! this.r_R2()) {
        return false;
      }
      if (this.cursor <= this.limit_backward || this.current[this.cursor - 1] != "l") {
        return false;
      }
      this.cursor -= 1;
      this.slice_del();
    }
    return true;
  }

  r_exception1() {
    this.bra = this.cursor;
    var among_var = this.find_among(a_11);
    if (among_var == 0) {
      return false;
    }
    this.ket = this.cursor;
    if (this.cursor < this.limit) {
      return false;
    }
    if (among_var > 0) {
      this.slice_from(as_11[among_var - 1]);
    }
    return true;
  }

  r_postlude() {
    if (! this.B_Y_found) {
      return false;
    }
    while (true) {
      var v_1 = this.cursor;
      lab0_1: {
        while (true) {
          var v_2 = this.cursor;
          lab1_2: {
            this.bra = this.cursor;
            if (this.cursor == this.limit || this.current[this.cursor] != "Y") {
              break lab1_2;
            }
            this.cursor += 1;
            this.ket = this.cursor;
            this.cursor = v_2;
            break;
          }
          this.cursor = v_2;
          if (this.cursor >= this.limit) {
            break lab0_1;
          }
          this.cursor += 1;
        }
        this.slice_from("y");
        continue;
      }
      this.cursor = v_1;
      break;
    }
    return true;
  }

  _stem() {
    while (true) {
      var v_1 = this.cursor;
      lab0_1: {
        if (! this.r_exception1()) {
          break lab0_1;
        }
        break;
      }
      this.cursor = v_1;
      lab0_2: {
        lab1_3: {
          if (this.cursor + 3 > this.limit) {
            break lab1_3;
          }
          this.cursor += 3;
          break lab0_2;
        }
        break;
      }
      this.cursor = v_1;
      this.r_prelude();
      this.r_mark_regions();
      this.limit_backward = this.cursor;
      this.cursor = this.limit;
      var v_2 = this.limit - this.cursor;
      this.r_Step_1a();
      this.cursor = this.limit - v_2;
      var v_3 = this.limit - this.cursor;
      this.r_Step_1b();
      this.cursor = this.limit - v_3;
      var v_4 = this.limit - this.cursor;
      this.r_Step_1c();
      this.cursor = this.limit - v_4;
      var v_5 = this.limit - this.cursor;
      this.r_Step_2();
      this.cursor = this.limit - v_5;
      var v_6 = this.limit - this.cursor;
      this.r_Step_3();
      this.cursor = this.limit - v_6;
      var v_7 = this.limit - this.cursor;
      this.r_Step_4();
      this.cursor = this.limit - v_7;
      var v_8 = this.limit - this.cursor;
      this.r_Step_5();
      this.cursor = this.limit - v_8;
      this.cursor = this.limit_backward;
      var v_9 = this.cursor;
      this.r_postlude();
      this.cursor = v_9;
      break;
    }
    return true;
  }
  }
  return EnglishStemmer;
  })();
  // --- generated: end

  const dutch = new DutchStemmer();
  const english = new EnglishStemmer();
  const cacheNl = new Map();
  const cacheEn = new Map();

  function memo(cache, stemmer, word) {
    let stem = cache.get(word);
    if (stem === undefined) {
      stem = stemmer.stemWord(word);
      if (cache.size > 50000) cache.clear();
      cache.set(word, stem);
    }
    return stem;
  }

  global.BronwijzerSnowball = {
    version: "3.1.1",
    stemNl: function (word) { return memo(cacheNl, dutch, word); },
    stemEn: function (word) { return memo(cacheEn, english, word); },
  };
})(typeof window !== "undefined" ? window : globalThis);
