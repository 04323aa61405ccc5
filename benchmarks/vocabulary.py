"""Words the generated national-scale directory is composed from.

Benchmark data only: nothing here is shipped or shown to a counselor. Department names, topics
and sentences follow the shape of the real plans (resources/directory/*.toml); municipality names
and phone numbers are made up (the phone numbers start with 00, which no real Japanese number
does).
"""

from __future__ import annotations

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)

# Kanji that real place names are made of; two or three of them make a plausible name.
PLACE_KANJI = (
    "高岡大川山田中野上下東西南北本新松竹梅桜森林原島崎浜沢井谷口宮坂石橋津江戸"
    "富士見春日朝日若葉白鳥緑青葉豊栄常盤千代八幡美和安平吉岩瀬水戸長光明神須賀"
)
MUNICIPALITY_SUFFIX = (("市", 0.45), ("町", 0.42), ("村", 0.13))

# (name, kind, need keys it is the natural provider for). "市" becomes 町/村 for towns and villages.
DEPARTMENTS = (
    ("市民課", "city_department", ("info_protection",)),
    ("戸籍住民課", "city_department", ("info_protection",)),
    ("子育て支援課", "city_department", ("children", "children.allowance", "children.daycare")),
    ("こども家庭課", "city_department", ("children", "children.care", "children.allowance")),
    ("保育課", "city_department", ("children.daycare",)),
    ("福祉総務課", "city_department", ("money", "disability")),
    ("生活福祉課", "city_department", ("money", "self_reliance")),
    ("生活支援課", "city_department", ("money", "self_reliance", "work")),
    ("障害福祉課", "city_department", ("disability",)),
    ("高齢福祉課", "city_department", ("elderly",)),
    ("介護保険課", "city_department", ("elderly",)),
    ("保険年金課", "city_department", ("insurance_pension",)),
    ("国保年金課", "city_department", ("insurance_pension",)),
    ("税務課", "city_department", ("info_protection",)),
    ("納税課", "city_department", ("info_protection", "money")),
    ("住宅課", "city_department", ("housing",)),
    ("建築住宅課", "city_department", ("housing",)),
    ("健康推進課", "city_department", ("health",)),
    ("学校教育課", "city_department", ("children.school",)),
    ("教育総務課", "city_department", ("children.school",)),
    ("男女共同参画課", "city_department", ("consultation", "safety")),
    ("人権推進課", "city_department", ("consultation", "men_lgbt")),
    ("国際交流課", "city_department", ("foreign",)),
    ("市民協働課", "city_department", ("consultation",)),
    ("商工労働課", "city_department", ("work",)),
    ("人事課", "city_department", ()),
    ("総務課", "city_department", ()),
    ("企画政策課", "city_department", ()),
    ("危機管理課", "city_department", ("safety",)),
    ("市民相談室", "city_department", ("consultation", "legal")),
    ("男女共同参画センター", "city_center", ("consultation", "safety", "safety.accompany")),
    ("配偶者暴力相談支援センター", "city_center", ("consultation", "safety", "protection_order")),
    ("子ども家庭総合支援拠点", "city_center", ("children", "children.care")),
    ("保健センター", "city_center", ("health", "children.care")),
    ("消費生活センター", "city_center", ("legal", "money")),
    ("地域包括支援センター", "other", ("elderly",)),
    ("社会福祉協議会", "private", ("money", "self_reliance")),
    ("教育相談室", "city_center", ("children.school", "children.care")),
)
CORE_DEPARTMENTS = 12  # every municipality has the first dozen; the rest are drawn

# (name template, kind, needs). {m} = municipality name, {p} = prefecture.
OUTSIDE_AGENCIES = (
    ("{p}女性相談支援センター", "prefecture", ("safety", "safety.shelter", "consultation")),
    ("{m}警察署", "police", ("safety", "stalking")),
    ("{p}中央児童相談所", "child_guidance", ("children", "children.care", "safety")),
    ("ハローワーク{m}", "national", ("work",)),
    ("{p}性暴力被害者支援センター", "prefecture", ("sexual_violence",)),
    ("{m}地方裁判所支部", "court", ("protection_order", "legal")),
    ("法テラス{p}", "national", ("legal",)),
    ("{p}弁護士会 法律相談センター", "private", ("legal",)),
    ("NPO法人 女性の居場所ネット{m}", "private", ("young_women", "safety.shelter", "self_reliance")),
    ("{m}市民病院", "medical", ("health",)),
)

# Service topics: (topic, needs). A service name is a topic dressed by a pattern below.
TOPICS = (
    ("住民票の写し等の交付制限", ("info_protection",)), ("DV等支援措置の申出", ("info_protection",)),
    ("戸籍の附票の閲覧制限", ("info_protection",)), ("税証明の交付制限", ("info_protection",)),
    ("転入・転居の届出", ("info_protection",)), ("離婚届の不受理申出", ("legal",)),
    ("児童扶養手当", ("children.allowance", "money")), ("児童手当の受給者変更", ("children.allowance",)),
    ("ひとり親家庭等医療費助成", ("children", "money")), ("母子父子寡婦福祉資金の貸付", ("money",)),
    ("母子家庭等自立支援給付金", ("work", "self_reliance")), ("保育所の入所", ("children.daycare",)),
    ("一時預かり事業", ("children.daycare",)), ("ファミリー・サポート・センター", ("children.daycare",)),
    ("区域外就学", ("children.school",)), ("就学援助", ("children.school", "money")),
    ("子どもの心のケア", ("children.care",)), ("家庭児童相談", ("children", "consultation")),
    ("生活保護", ("money",)), ("生活困窮者自立相談支援", ("money", "self_reliance")),
    ("住居確保給付金", ("housing", "money")), ("緊急小口資金の貸付", ("money",)),
    ("フードバンクによる食料支援", ("money",)), ("市営住宅の入居", ("housing",)),
    ("公営住宅の優先入居", ("housing",)), ("民間賃貸住宅の情報提供", ("housing",)),
    ("国民健康保険の加入・脱退", ("insurance_pension",)), ("国民年金の免除申請", ("insurance_pension",)),
    ("後期高齢者医療", ("insurance_pension", "elderly")), ("医療費通知の送付先変更", ("insurance_pension",)),
    ("女性相談", ("consultation",)), ("DV相談", ("consultation", "safety")),
    ("夜間・休日の電話相談", ("consultation",)), ("面接相談", ("consultation",)),
    ("一時保護", ("safety", "safety.shelter")), ("緊急避難（シェルター）の調整", ("safety.shelter",)),
    ("同行支援", ("safety.accompany",)), ("保護命令の申立て支援", ("protection_order", "legal")),
    ("女性弁護士による法律相談", ("legal",)), ("無料法律相談", ("legal",)), ("離婚・養育費の相談", ("legal",)),
    ("心の健康相談", ("health",)), ("カウンセリング", ("health",)), ("女性の健康相談", ("health",)),
    ("妊娠・出産の相談", ("health", "children")), ("就労相談", ("work",)), ("職業訓練の案内", ("work",)),
    ("外国人相談窓口", ("foreign",)), ("多言語での情報提供", ("foreign",)), ("在留手続きの案内", ("foreign",)),
    ("障害福祉サービス", ("disability",)), ("障害者手帳の手続き", ("disability",)),
    ("高齢者虐待の相談", ("elderly",)), ("介護保険サービス", ("elderly",)),
    ("性暴力被害の相談", ("sexual_violence",)), ("ストーカー被害の相談", ("stalking",)),
    ("男性のための相談", ("men_lgbt",)), ("性的少数者の相談", ("men_lgbt",)),
    ("若年女性の居場所づくり", ("young_women",)), ("自助グループ", ("self_reliance", "health")),
    ("生活再建のための情報提供", ("self_reliance",)), ("各種証明書の発行", ("info_protection",)),
)
CLIENT_PATTERNS = (
    "{t}", "{t}の申請", "{t}の手続き", "{t}に関する相談", "{t}の相談窓口", "{t}の案内", "{t}（{d}）",
    "窓口での{t}", "{t}の受付", "DV被害者の{t}", "{t}についての支援", "{t}・各種手続きの説明",
)
PREVENTION_TOPICS = (
    "DV予防啓発講座", "デートDV予防出前講座", "パープルリボン運動", "啓発リーフレットの配布",
    "女性に対する暴力をなくす運動", "相談カードの設置", "男女共同参画情報誌の発行", "人権啓発講演会",
    "若い世代への啓発", "地域支援者への周知", "医療関係者への周知", "教育・保育関係者への研修",
)
INTERNAL_TOPICS = (
    "庁内DV対策関係課会議", "ケース会議への参加", "相談員の研修", "職員研修（DVの理解）",
    "被害者情報の管理の徹底", "相談共通シートの活用", "手続きチェックシートの見直し", "DV対応マニュアルの作成",
    "関係機関連絡会の開催", "要保護児童対策地域協議会", "計画の進行管理", "近隣自治体との広域連携",
    "スーパービジョンの実施", "支援者の安全確保", "民間支援団体との連携", "苦情処理委員会の運営",
)

TARGETS = (
    "DV被害者", "ひとり親家庭", "外国人住民", "高齢者", "障がいのある方", "若年女性", "子育て中の方",
    "生活に困っている方", "被害者と同伴する子ども", "妊産婦", "性的少数者", "相談者", "市民",
)
SENTENCES = (
    "{target}を対象に、{topic}を行う。",
    "{dept}の窓口で{topic}について説明し、必要な手続きを案内する。",
    "相談員が{target}の状況を丁寧に聞き取り、関係課と連携して支援する。",
    "{topic}の申請には本人確認書類が必要。",
    "DVの事情がある場合は、相手方に住所が知られないよう配慮する。",
    "電話または来所で相談できる。予約制の場合がある。",
    "夜間や休日は電話で受け付ける。",
    "必要に応じて配偶者暴力相談支援センターの証明書を求めることがある。",
    "保護命令の決定書があれば、意見欄の記入は不要。",
    "支援措置の期間は1年で、更新は自動ではない。",
    "警察、児童相談所、女性相談支援センターなど関係機関と連携する。",
    "同伴する子どもの就学や保育についても相談できる。",
    "多言語の相談カードを作成し、外国人住民に周知する。",
    "{target}の自立に向けて、切れ目のない支援を行う。",
    "経済的に困っている場合は、生活保護や貸付制度を案内する。",
    "弁護士による無料の法律相談を毎月実施している。",
    "心身の不調がある場合は、保健師や臨床心理士につなぐ。",
    "就労に向けて、ハローワークと連絡調整を行う。",
    "市営住宅への単身入居や待機順番の繰上げに配慮する。",
    "{dept}が担当し、必要に応じて他課へ同行する。",
    "相談内容の秘密は守られる。匿名でも相談できる。",
    "令和{year}年度から実施している。",
    "{topic}の対象や要件は、{dept}に確認すること。",
    "手続きは関係書類のやりとりを行政機関の間で行い、転居先が知られないようにする。",
)
ACCESS = ("電話または来所", "来所（予約制）", "電話", "窓口", "相談員を通じて", "オンライン・電話", "")
SCHEDULES = (
    "月〜金 8:30〜17:15", "月〜金 9:00〜16:00", "毎月第2水曜日 13:00〜16:00", "火・木 10:00〜15:00",
    "平日夜間 17:00〜21:00", "土日祝 10:00〜16:00", "毎月1回（原則第4金曜日）", "24時間",
)
ELIGIBILITY = ("市内在住の方", "本人の同意が必要", "18歳未満の子どもを養育している方", "所得制限あり",
               "DV被害を受けている方", "65歳以上の方")
WHAT_TO_BRING = ("本人確認書類", "健康保険証", "印鑑", "申請書", "配偶者暴力相談支援センターの証明書",
                 "保護命令決定書の写し", "預金通帳", "在留カード")
LANGUAGES = ("英語", "中国語", "韓国語", "ベトナム語", "ポルトガル語", "タガログ語", "ネパール語")
CONTACT_LABELS = ("代表", "相談室", "窓口", "専用電話", "夜間休日")
CONTACT_HOURS = ("月〜金 8:30〜17:15", "平日 9:00〜17:00", "月〜水・金 9:30〜16:30、木 14:00〜20:00",
                 "24時間", "")

INITIATIVE_TITLES = (
    "市民への啓発活動の推進", "若い世代への啓発", "相談体制の充実", "配偶者暴力相談支援センター機能の充実",
    "職務関係者の能力向上", "早期発見のための関係者への周知", "高齢者・障がい者・外国人等への支援",
    "緊急時の安全確保", "被害者等に関する情報保護", "生活再建に向けた支援", "子どもに対する支援",
    "心身の健康回復に向けた支援", "関係機関の連携協力体制の強化", "民間支援団体との連携",
)

# (name, department index into DEPARTMENTS, phase, needs, circumstances, what to bring)
PROCEDURES = (
    ("DV等支援措置の申出", 0, 2, ("info_protection",), ("moving_within", "moving_out"),
     ("支援措置申出書", "本人確認書類")),
    ("税証明の交付制限の申出", 13, 2, ("info_protection",), (), ("本人確認書類",)),
    ("転入・転居の届出", 0, 3, ("info_protection",), ("moving_within",), ("本人確認書類",)),
    ("国民健康保険への加入", 11, 4, ("insurance_pension",), ("health_insurance",),
     ("申出書", "証明書")),
    ("国民年金の特例免除", 11, 4, ("insurance_pension",), ("pension",), ("申出書",)),
    ("生活保護の申請", 6, 5, ("money",), ("public_assistance",), ("本人確認書類",)),
    ("児童手当の受給者変更", 2, 6, ("children.allowance",), ("children",), ("認定請求書",)),
    ("児童扶養手当の申請", 2, 6, ("children.allowance",), ("children",), ("保護命令決定書",)),
    ("保育所の入所申込", 4, 6, ("children.daycare",), ("preschool",), ()),
    ("区域外就学の手続き", 18, 6, ("children.school",), ("school",), ("在学証明書",)),
    ("市営住宅の入居申込", 15, 7, ("housing",), (), ("証明書",)),
    ("介護保険の住所地特例の確認", 10, 8, ("elderly",), ("age65",), ()),
    ("障害福祉サービスの継続", 8, 8, ("disability",), ("disability",), ("障害者手帳",)),
)
SYNONYM_FALLBACK = (  # used only when the bundled directory has no synonym list yet
    ("shelter", ("シェルター", "一時保護", "緊急避難")),
    ("lawyer", ("弁護士", "法律相談")),
    ("child", ("子ども", "子供", "こども")),
    ("dv", ("DV", "配偶者暴力", "ドメスティック・バイオレンス")),
    ("welfare", ("生活保護", "生保")),
)
