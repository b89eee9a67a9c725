/**
 * Common Japanese surnames, compiled for this project (see README.md in this folder: a list of
 * well-known family names with their usual readings; names are facts, written down here from
 * general knowledge, not copied from any ranking's text or data file). Used to recognise
 * "山田 太郎" / "ヤマダ タロウ" / "Taro Yamada" and honorific phrases with one-character names.
 * Format: kanji, space, usual reading in hiragana; one pair per entry, entries separated by commas.
 */
const DATA = `佐藤 さとう,鈴木 すずき,高橋 たかはし,田中 たなか,伊藤 いとう,渡辺 わたなべ,山本 やまもと,中村 なかむら,小林 こばやし,加藤 かとう,
吉田 よしだ,山田 やまだ,佐々木 ささき,山口 やまぐち,松本 まつもと,井上 いのうえ,木村 きむら,林 はやし,斎藤 さいとう,清水 しみず,
山崎 やまざき,森 もり,池田 いけだ,橋本 はしもと,阿部 あべ,石川 いしかわ,山下 やました,中島 なかじま,石井 いしい,小川 おがわ,
前田 まえだ,岡田 おかだ,長谷川 はせがわ,藤田 ふじた,後藤 ごとう,近藤 こんどう,村上 むらかみ,遠藤 えんどう,青木 あおき,坂本 さかもと,
斉藤 さいとう,福田 ふくだ,太田 おおた,西村 にしむら,藤井 ふじい,金子 かねこ,岡本 おかもと,藤原 ふじわら,中野 なかの,三浦 みうら,
原田 はらだ,中川 なかがわ,松田 まつだ,竹内 たけうち,小野 おの,田村 たむら,中山 なかやま,和田 わだ,石田 いしだ,森田 もりた,
上田 うえだ,原 はら,内田 うちだ,柴田 しばた,酒井 さかい,宮崎 みやざき,横山 よこやま,高木 たかぎ,安藤 あんどう,宮本 みやもと,
大野 おおの,小島 こじま,工藤 くどう,谷口 たにぐち,今井 いまい,高田 たかだ,丸山 まるやま,増田 ますだ,杉山 すぎやま,村田 むらた,
大塚 おおつか,小山 こやま,平野 ひらの,藤本 ふじもと,河野 こうの,上野 うえの,野口 のぐち,武田 たけだ,松井 まつい,千葉 ちば,
岩崎 いわさき,菅原 すがわら,木下 きのした,久保 くぼ,佐野 さの,野村 のむら,松尾 まつお,市川 いちかわ,菊地 きくち,杉本 すぎもと,
古川 ふるかわ,大西 おおにし,島田 しまだ,水野 みずの,桜井 さくらい,高野 たかの,渡部 わたなべ,吉川 よしかわ,山内 やまうち,西田 にしだ,
飯田 いいだ,菊池 きくち,西川 にしかわ,小松 こまつ,北村 きたむら,安田 やすだ,五十嵐 いがらし,川口 かわぐち,平田 ひらた,関 せき,
中田 なかた,久保田 くぼた,東 あずま,服部 はっとり,川崎 かわさき,岩田 いわた,辻 つじ,本田 ほんだ,樋口 ひぐち,秋山 あきやま,
田口 たぐち,永井 ながい,山中 やまなか,中西 なかにし,吉村 よしむら,川上 かわかみ,石原 いしはら,大橋 おおはし,松岡 まつおか,馬場 ばば,
浅野 あさの,荒木 あらき,大久保 おおくぼ,野田 のだ,小沢 おざわ,田辺 たなべ,川村 かわむら,星野 ほしの,黒田 くろだ,堀 ほり,
尾崎 おざき,望月 もちづき,永田 ながた,熊谷 くまがい,内藤 ないとう,松村 まつむら,西山 にしやま,大谷 おおたに,平井 ひらい,大島 おおしま,
岩本 いわもと,片山 かたやま,本間 ほんま,早川 はやかわ,横田 よこた,岡崎 おかざき,荒井 あらい,大石 おおいし,鎌田 かまた,成田 なりた,
宮田 みやた,小田 おだ,石橋 いしばし,篠原 しのはら,須藤 すとう,河合 かわい,大木 おおき,宮下 みやした,高山 たかやま,松下 まつした,
吉岡 よしおか,小池 こいけ,中尾 なかお,萩原 はぎわら,小西 こにし,松浦 まつうら,浅井 あさい,吉野 よしの,森本 もりもと,大川 おおかわ,
関口 せきぐち,岡 おか,北川 きたがわ,堀内 ほりうち,小泉 こいずみ,川島 かわしま,奥村 おくむら,片岡 かたおか,今村 いまむら,土屋 つちや,
石崎 いしざき,杉浦 すぎうら,内山 うちやま,矢野 やの,中井 なかい,米田 よねだ,新井 あらい,西 にし,南 みなみ,谷 たに,
広瀬 ひろせ,大山 おおやま,堤 つつみ,岩井 いわい,小野寺 おのでら,上原 うえはら,松原 まつばら,神田 かんだ,大竹 おおたけ,三上 みかみ,
富田 とみた,桑原 くわはら,奥田 おくだ,大平 おおひら,今野 こんの,森下 もりした,水谷 みずたに,野崎 のざき,西尾 にしお,沢田 さわだ,
青山 あおやま,川田 かわだ,福井 ふくい,白石 しらいし,松永 まつなが,上村 うえむら,福島 ふくしま,佐久間 さくま,小笠原 おがさわら,竹田 たけだ,
田島 たじま,高井 たかい,村井 むらい,宮川 みやがわ,矢島 やじま,永野 ながの,秋元 あきもと,大村 おおむら,長田 ながた,安井 やすい,
坂口 さかぐち,中本 なかもと,平山 ひらやま,三宅 みやけ,岡村 おかむら,藤川 ふじかわ,吉原 よしはら,堀田 ほった,宮原 みやはら,金井 かない,
山根 やまね,大森 おおもり,中澤 なかざわ,中沢 なかざわ,島崎 しまざき,野中 のなか,西岡 にしおか,栗原 くりはら,新田 にった,本多 ほんだ,
木内 きうち,小倉 おぐら,岩瀬 いわせ,浜田 はまだ,濱田 はまだ,齋藤 さいとう,齊藤 さいとう,渡邊 わたなべ,渡邉 わたなべ,髙橋 たかはし,
山﨑 やまざき,吉澤 よしざわ,吉沢 よしざわ,菅野 かんの,千田 ちだ,及川 おいかわ,高瀬 たかせ,小原 おばら,大沢 おおさわ,大澤 おおさわ,
竹中 たけなか,原口 はらぐち,津田 つだ,宇野 うの,川原 かわはら,松山 まつやま,中嶋 なかじま,川端 かわばた,寺田 てらだ,石塚 いしづか,
北野 きたの,田代 たしろ,丹羽 にわ,西野 にしの,岸 きし,木原 きはら,細川 ほそかわ,滝沢 たきざわ,岡部 おかべ,根本 ねもと,
田原 たはら,小谷 こたに,榊原 さかきばら,岸本 きしもと,荒川 あらかわ,竹下 たけした,日高 ひだか,三好 みよし,武藤 むとう,金田 かねだ,
飯島 いいじま,谷川 たにがわ,古田 ふるた,平川 ひらかわ,山岸 やまぎし,石黒 いしぐろ,関根 せきね,白井 しらい,竹本 たけもと,大場 おおば,
鈴村 すずむら,西原 にしはら,松崎 まつざき,矢田 やだ,柳田 やなぎだ,内野 うちの,植田 うえだ,吉井 よしい,山村 やまむら,村松 むらまつ,
大井 おおい,若林 わかばやし,浅田 あさだ,中原 なかはら,梅田 うめだ,宮内 みやうち,長尾 ながお,松島 まつしま,松野 まつの,島 しま,
林田 はやしだ,古賀 こが,森山 もりやま,川本 かわもと,富永 とみなが,江口 えぐち,宮地 みやじ,藤村 ふじむら,野上 のがみ,小杉 こすぎ,
相馬 そうま,稲垣 いながき,藤野 ふじの,伊東 いとう,青柳 あおやぎ,戸田 とだ,立花 たちばな,嶋田 しまだ,宮沢 みやざわ,井口 いぐち,
岩佐 いわさ,大田 おおた,金沢 かなざわ,横井 よこい,沖田 おきた,国分 こくぶん,中谷 なかたに,比嘉 ひが,金城 きんじょう,大城 おおしろ,
宮城 みやぎ,新垣 あらかき,玉城 たまき,知念 ちねん,照屋 てるや,山城 やましろ,仲村 なかむら,島袋 しまぶくろ,冨田 とみた,徳永 とくなが,
保坂 ほさか,平松 ひらまつ,堀江 ほりえ,横川 よこかわ,長井 ながい,安達 あだち,足立 あだち,石山 いしやま,黒川 くろかわ,東海林 しょうじ,
庄司 しょうじ,小森 こもり,岩下 いわした,中居 なかい,三木 みき,久野 くの,北島 きたじま,高島 たかしま,高畑 たかはた,柳 やなぎ,
小田切 おだぎり,茂木 もぎ,岡野 おかの,古谷 ふるや,吉永 よしなが,寺島 てらしま,松川 まつかわ,三井 みつい,菅 すが,溝口 みぞぐち,
飯塚 いいづか,佐伯 さえき,宇佐美 うさみ,中江 なかえ,西沢 にしざわ,長島 ながしま,竹村 たけむら,今田 いまだ,坂井 さかい,杉田 すぎた,
奥野 おくの,牧野 まきの,三輪 みわ,井田 いだ,吉本 よしもと,田端 たばた,浜野 はまの,藤崎 ふじさき,島村 しまむら,野沢 のざわ,
石垣 いしがき,梶原 かじわら,田上 たがみ,坂田 さかた,加納 かのう,倉田 くらた,福本 ふくもと,今西 いまにし,松木 まつき,浅川 あさかわ,
宮脇 みやわき,河村 かわむら,河田 かわた,三谷 みたに,市村 いちむら,児玉 こだま,八木 やぎ,平岡 ひらおか,鶴田 つるた,梅原 うめはら,
小関 こせき,赤坂 あかさか,福永 ふくなが,安部 あべ,大友 おおとも,松橋 まつはし,堀川 ほりかわ,前川 まえかわ,北原 きたはら,井手 いで,
高松 たかまつ,黒木 くろき,森岡 もりおか,宮島 みやじま,野本 のもと,谷本 たにもと,猪股 いのまた,遠山 とおやま,川野 かわの,一ノ瀬 いちのせ,
市原 いちはら,桑田 くわた,宮田 みやた,大塚 おおつか,岩城 いわき,熊田 くまだ,香川 かがわ,吉武 よしたけ,土井 どい,土田 つちだ,
中嶌 なかじま,長岡 ながおか,大浦 おおうら,三村 みむら,木田 きだ,水口 みずぐち,石坂 いしざか,向井 むかい,野原 のはら,秋田 あきた,
有田 ありた,中畑 なかはた,小倉 おぐら,大内 おおうち,岡島 おかじま,藤沢 ふじさわ,宮本 みやもと,堀口 ほりぐち,田川 たがわ,春日 かすが`;

export interface Surname {
  kanji: string;
  kana: string;
  katakana: string;
  /** Hepburn spellings people use: さとう → satou, sato, satoh. */
  romaji: string[];
}

const KANA: Record<string, string> = {
  あ: 'a', い: 'i', う: 'u', え: 'e', お: 'o', か: 'ka', き: 'ki', く: 'ku', け: 'ke', こ: 'ko',
  さ: 'sa', し: 'shi', す: 'su', せ: 'se', そ: 'so', た: 'ta', ち: 'chi', つ: 'tsu', て: 'te', と: 'to',
  な: 'na', に: 'ni', ぬ: 'nu', ね: 'ne', の: 'no', は: 'ha', ひ: 'hi', ふ: 'fu', へ: 'he', ほ: 'ho',
  ま: 'ma', み: 'mi', む: 'mu', め: 'me', も: 'mo', や: 'ya', ゆ: 'yu', よ: 'yo',
  ら: 'ra', り: 'ri', る: 'ru', れ: 're', ろ: 'ro', わ: 'wa', を: 'o', ん: 'n',
  が: 'ga', ぎ: 'gi', ぐ: 'gu', げ: 'ge', ご: 'go', ざ: 'za', じ: 'ji', ず: 'zu', ぜ: 'ze', ぞ: 'zo',
  だ: 'da', ぢ: 'ji', づ: 'zu', で: 'de', ど: 'do', ば: 'ba', び: 'bi', ぶ: 'bu', べ: 'be', ぼ: 'bo',
  ぱ: 'pa', ぴ: 'pi', ぷ: 'pu', ぺ: 'pe', ぽ: 'po',
};
const YOON: Record<string, string> = { ゃ: 'a', ゅ: 'u', ょ: 'o' };

function romajiOf(kana: string): string {
  let out = '';
  const cs = [...kana];
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i] as string;
    const next = cs[i + 1];
    if (c === 'っ') {
      const r = next ? (KANA[next] ?? '') : '';
      out += r.startsWith('ch') ? 't' : (r[0] ?? '');
      continue;
    }
    if (next && YOON[next]) {
      const base = KANA[c] ?? '';
      out += (base.endsWith('i') ? (/^(shi|chi|ji)$/.test(base) ? base.slice(0, -1) : base.slice(0, -1) + 'y') : base) + YOON[next];
      i++;
      continue;
    }
    out += KANA[c] ?? '';
  }
  return out;
}

function spellings(kana: string): string[] {
  const full = romajiOf(kana);
  const short = full.replace(/ou/g, 'o').replace(/oo/g, 'o').replace(/uu/g, 'u');
  const oh = full.replace(/ou(?=[^aeiou]|$)/g, 'oh').replace(/oo(?=[^aeiou]|$)/g, 'oh');
  return [...new Set([full, short, oh])];
}

const toKatakana = (s: string) => s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

export const SURNAMES: readonly Surname[] = (() => {
  const seen = new Set<string>();
  const out: Surname[] = [];
  for (const entry of DATA.split(',')) {
    const [kanji, kana] = entry.trim().split(/\s+/);
    if (!kanji || !kana || seen.has(kanji)) continue;
    seen.add(kanji);
    out.push({ kanji, kana, katakana: toKatakana(kana), romaji: spellings(kana) });
  }
  return out;
})();

export const KANJI_SURNAMES: ReadonlySet<string> = new Set(SURNAMES.map((s) => s.kanji));
export const KATAKANA_SURNAMES: ReadonlySet<string> = new Set(SURNAMES.map((s) => s.katakana));
/** Lower-case romaji spellings. */
export const ROMAJI_SURNAMES: ReadonlySet<string> = new Set(SURNAMES.flatMap((s) => s.romaji));
/** Longest kanji surname (for prefix look-ups). */
export const MAX_SURNAME_LENGTH = Math.max(...SURNAMES.map((s) => [...s.kanji].length));

/** The kanji surname a text starts with (longest first), or null. */
export function leadingSurname(text: string): string | null {
  for (let n = Math.min(MAX_SURNAME_LENGTH, text.length); n >= 1; n--) {
    const head = text.slice(0, n);
    if (KANJI_SURNAMES.has(head)) return head;
  }
  return null;
}
