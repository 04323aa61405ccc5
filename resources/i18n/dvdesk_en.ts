<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ja">
<context>
    <name>AboutDialog</name>
    <message>
        <source>dvdesk について</source>
        <translation>About dvdesk</translation>
    </message>
    <message>
        <source>DV・女性相談窓口のための支援先ディレクトリ</source>
        <translation>Directory of support services for DV and women&apos;s consultation desks</translation>
    </message>
    <message>
        <source>データ</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>ライセンス全文: {folder}</source>
        <translation>Full licence texts: {folder}</translation>
    </message>
    <message>
        <source>ライブラリとライセンス</source>
        <translation>Libraries and licences</translation>
    </message>
    <message>
        <source>（ライセンス文が見つかりません）</source>
        <translation>(licence text not found)</translation>
    </message>
    <message>
        <source>フォントのライセンス</source>
        <translation>Font licence</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>印刷・画面用フォント</source>
        <translation>Font for printouts and the screen</translation>
    </message>
    <message>
        <source>動的ライブラリとして同梱（差し替え可能）</source>
        <translation>Shipped as shared libraries (replaceable)</translation>
    </message>
    <message>
        <source>Excel 出力</source>
        <translation>Excel export</translation>
    </message>
    <message>
        <source>初期設定の市区町村一覧</source>
        <translation>Municipality list for the initial setup</translation>
    </message>
    <message>
        <source>{name} が使用</source>
        <translation>used by {name}</translation>
    </message>
    <message>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <source>{pc} から（{exported} 書き出し、{imported} 取り込み）</source>
        <translation>From {pc} (exported {exported}, imported {imported})</translation>
    </message>
    <message>
        <source>読み取れませんでした（{error}）</source>
        <translation>Could not be read ({error})</translation>
    </message>
    <message>
        <source>市区町村 {municipalities}、サービス {services}</source>
        <translation>{municipalities} municipalities, {services} services</translation>
    </message>
    <message>
        <source>収録件数</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>データベースの版</source>
        <translation>Database version</translation>
    </message>
    <message>
        <source>同梱データの読み込み</source>
        <translation>Bundled data loaded</translation>
    </message>
    <message>
        <source>最後に取り込んだデータパッケージ</source>
        <translation>Last data package imported</translation>
    </message>
    <message>
        <source>サービス情報の最終確認日</source>
        <translation>Services last verified</translation>
    </message>
    <message>
        <source>未確認</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <source>データの出どころ</source>
        <translation>Where the data comes from</translation>
    </message>
    <message>
        <source>部署・サービス・手続きの名称と内容は市の計画と公開資料から（各記録の「出典」）。市の部署の電話番号・内線・窓口・階は市の管理者が入力したもの（履歴に記録）。市で確認済み {checked}件、計画・資料のまま未確認 {unchecked}件</source>
        <translation>Names and contents of departments, services and procedures come from the city&apos;s plans and public sources (each record&apos;s Source). The city departments&apos; phone numbers, extensions, windows and floors are entered by the city&apos;s administrator (kept in the history). Verified by the city: {checked}; as the plans and sources give them, not verified: {unchecked}</translation>
    </message>
    <message>
        <source>この PC での更新回数</source>
        <translation>Changes on this PC</translation>
    </message>
    <message>
        <source>データベースの場所</source>
        <translation>Database location</translation>
    </message>
</context>
<context>
    <name>AdminLabels</name>
    <message>
        <source>ニーズ分類</source>
        <translation>Need category</translation>
    </message>
    <message>
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>組織・窓口</source>
        <translation>Organization</translation>
    </message>
    <message>
        <source>計画</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>サービス</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>手続き</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>取組の紐付けが外れる</source>
        <translation>Unlinked from a measure</translation>
    </message>
    <message>
        <source>取組の番号が変わる</source>
        <translation>Measure renumbered (link follows it)</translation>
    </message>
    <message>
        <source>同義語</source>
        <translation>Synonyms</translation>
    </message>
    <message>
        <source>上位の分類</source>
        <translation>Parent category</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>英語名</source>
        <translation>English name</translation>
    </message>
    <message>
        <source>説明</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>並び順</source>
        <translation>Sort order</translation>
    </message>
    <message>
        <source>都道府県</source>
        <translation>Prefecture</translation>
    </message>
    <message>
        <source>出典</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>出典メモ</source>
        <translation>Source note</translation>
    </message>
    <message>
        <source>最終確認日</source>
        <translation>Last verified on</translation>
    </message>
    <message>
        <source>確認者</source>
        <translation>Verified by</translation>
    </message>
    <message>
        <source>廃止（相談員に表示しない）</source>
        <translation>Retired (hidden from counselors)</translation>
    </message>
    <message>
        <source>市区町村（空欄は全国）</source>
        <translation>Municipality (empty = nationwide)</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>上位の組織</source>
        <translation>Parent organization</translation>
    </message>
    <message>
        <source>所在地</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>目立たない印刷での名称</source>
        <translation>Name on a discreet printout</translation>
    </message>
    <message>
        <source>目立たない印刷での一文</source>
        <translation>One line on a discreet printout</translation>
    </message>
    <message>
        <source>担当課が未確認（印刷前に窓口を確認する）</source>
        <translation>Department not confirmed (check the window before printing)</translation>
    </message>
    <message>
        <source>説明（相談者が読む文）</source>
        <translation>Description (what the client reads)</translation>
    </message>
    <message>
        <source>所在地の公開範囲</source>
        <translation>Who may see the address</translation>
    </message>
    <message>
        <source>職員メモ（印刷しない）</source>
        <translation>Staff note (never printed)</translation>
    </message>
    <message>
        <source>連絡先</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>名称（相談室・代表など）</source>
        <translation>Name (e.g. consultation room, main line)</translation>
    </message>
    <message>
        <source>電話番号</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>内線（常に職員のみ）</source>
        <translation>Extension (always staff only)</translation>
    </message>
    <message>
        <source>窓口・階</source>
        <translation>Counter / floor</translation>
    </message>
    <message>
        <source>受付時間</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>メール</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>メモ</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>公開範囲</source>
        <translation>Who may see it</translation>
    </message>
    <message>
        <source>題名</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>発行</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>取組</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>番号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>担当する計画の取組</source>
        <translation>Plan measures in its charge</translation>
    </message>
    <message>
        <source>表示名</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>施策・基本目標</source>
        <translation>Policy / basic goal</translation>
    </message>
    <message>
        <source>取組内容</source>
        <translation>What the measure does</translation>
    </message>
    <message>
        <source>重点</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>担当部署</source>
        <translation>Responsible departments</translation>
    </message>
    <message>
        <source>提供する組織</source>
        <translation>Provided by</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>利用方法</source>
        <translation>How to use it</translation>
    </message>
    <message>
        <source>日時・受付時間</source>
        <translation>Days and opening hours</translation>
    </message>
    <message>
        <source>対象</source>
        <translation>Who is eligible</translation>
    </message>
    <message>
        <source>持ち物</source>
        <translation>What to bring</translation>
    </message>
    <message>
        <source>対応言語</source>
        <translation>Languages</translation>
    </message>
    <message>
        <source>費用</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>専用の電話番号</source>
        <translation>Dedicated phone number</translation>
    </message>
    <message>
        <source>サービス全体の公開範囲</source>
        <translation>Who may see the whole service</translation>
    </message>
    <message>
        <source>計画の取組</source>
        <translation>Plan measures</translation>
    </message>
    <message>
        <source>担当課</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <source>担当課の目安（担当課が未登録のとき）</source>
        <translation>Department hint (when no department is registered)</translation>
    </message>
    <message>
        <source>持ち物（1行に1つ）</source>
        <translation>What to bring (one per line)</translation>
    </message>
    <message>
        <source>注意（情報漏れ・順番）</source>
        <translation>Caution (leaks, order)</translation>
    </message>
    <message>
        <source>段階</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>段階内の順番</source>
        <translation>Order within the stage</translation>
    </message>
    <message>
        <source>該当する事情</source>
        <translation>Applies when</translation>
    </message>
    <message>
        <source>すべてのチェックリストに入れる</source>
        <translation>Include in every checklist</translation>
    </message>
    <message>
        <source>語</source>
        <translation>Terms</translation>
    </message>
    <message>
        <source>公開（相談者に渡してよい）</source>
        <translation>Public (may be given to the client)</translation>
    </message>
    <message>
        <source>職員のみ</source>
        <translation>Staff only</translation>
    </message>
    <message>
        <source>秘密（必要な人だけ）</source>
        <translation>Secret (need-to-know only)</translation>
    </message>
    <message>
        <source>市の課・室</source>
        <translation>City department</translation>
    </message>
    <message>
        <source>市のセンター・施設</source>
        <translation>City centre or facility</translation>
    </message>
    <message>
        <source>県・都の機関</source>
        <translation>Prefectural agency</translation>
    </message>
    <message>
        <source>警察</source>
        <translation>Police</translation>
    </message>
    <message>
        <source>児童相談所</source>
        <translation>Child guidance centre</translation>
    </message>
    <message>
        <source>裁判所</source>
        <translation>Court</translation>
    </message>
    <message>
        <source>民間支援団体</source>
        <translation>Private support organisation</translation>
    </message>
    <message>
        <source>全国の窓口・国の機関</source>
        <translation>National line or agency</translation>
    </message>
    <message>
        <source>医療機関</source>
        <translation>Medical institution</translation>
    </message>
    <message>
        <source>その他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>相談者が利用できる</source>
        <translation>For clients</translation>
    </message>
    <message>
        <source>啓発・予防</source>
        <translation>Awareness and prevention</translation>
    </message>
    <message>
        <source>庁内の取組</source>
        <translation>Internal measure</translation>
    </message>
    <message>
        <source>1 安全確保</source>
        <translation>1 Safety</translation>
    </message>
    <message>
        <source>2 情報保護</source>
        <translation>2 Protecting information</translation>
    </message>
    <message>
        <source>3 住所・住民票</source>
        <translation>3 Address and residence record</translation>
    </message>
    <message>
        <source>4 保険・年金</source>
        <translation>4 Insurance and pension</translation>
    </message>
    <message>
        <source>5 生活費</source>
        <translation>5 Living costs</translation>
    </message>
    <message>
        <source>6 子ども</source>
        <translation>6 Children</translation>
    </message>
    <message>
        <source>7 住まい</source>
        <translation>7 Housing</translation>
    </message>
    <message>
        <source>8 健康・就労・その他</source>
        <translation>8 Health, work and other</translation>
    </message>
    <message>
        <source>追加</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>変更</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>廃止</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>復元</source>
        <translation>Restored</translation>
    </message>
    <message>
        <source>確認済み</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>取り消し</source>
        <translation>Undone</translation>
    </message>
    <message>
        <source>取り込み</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>未確認</source>
        <translation>Never verified</translation>
    </message>
    <message>
        <source>1年以上確認なし</source>
        <translation>Not verified for over a year</translation>
    </message>
    <message>
        <source>電話番号なし</source>
        <translation>No phone number</translation>
    </message>
    <message>
        <source>（記録全体）</source>
        <translation>(whole record)</translation>
    </message>
    <message>
        <source>はい</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>いいえ</source>
        <translation>No</translation>
    </message>
    <message>
        <source>（未選択）</source>
        <translation>(not chosen)</translation>
    </message>
    <message>
        <source>{field}{number}</source>
        <translation>{field} {number}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{action} {count}件</source>
        <translation>{action}: {count}</translation>
    </message>
    <message>
        <source>変更なし {count}件</source>
        <translation>Unchanged: {count}</translation>
    </message>
    <message>
        <source>掲載（〇/×）</source>
        <translation>Publish (〇/×)</translation>
    </message>
    <message>
        <source>内線（職員メモへ）</source>
        <translation>Extension (to the staff note)</translation>
    </message>
    <message>
        <source>電話の備考（職員メモへ）</source>
        <translation>Phone note (to the staff note)</translation>
    </message>
    <message>
        <source>主な連絡先の電話番号</source>
        <translation>Main contact: phone</translation>
    </message>
    <message>
        <source>主な連絡先の内線（職員のみ）</source>
        <translation>Main contact: extension (staff only)</translation>
    </message>
    <message>
        <source>主な連絡先の窓口・階</source>
        <translation>Main contact: window and floor</translation>
    </message>
    <message>
        <source>主な連絡先の受付時間</source>
        <translation>Main contact: hours</translation>
    </message>
    <message>
        <source>主な連絡先のメール</source>
        <translation>Main contact: e-mail</translation>
    </message>
    <message>
        <source>市区町村（名称かコード、全国は「全国」）</source>
        <translation>Municipality (name or code; 全国 for national lines)</translation>
    </message>
    <message>
        <source>キー</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>キー（組織キー）</source>
        <translation>Key (organisation key)</translation>
    </message>
    <message>
        <source>取り込む</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>読まない</source>
        <translation>Not read</translation>
    </message>
    <message>
        <source>非表示（読まない）</source>
        <translation>Hidden (not read)</translation>
    </message>
    <message>
        <source>重複（どちらか選ぶ）</source>
        <translation>Duplicate (choose one)</translation>
    </message>
    <message>
        <source>組織</source>
        <translation>Organisation</translation>
    </message>
</context>
<context>
    <name>AdminLoginDialog</name>
    <message>
        <source>管理モード</source>
        <translation>Administration mode</translation>
    </message>
    <message>
        <source>ディレクトリを編集する管理モードです。初めて使うので、この PC の管理用パスフレーズを決めてください。</source>
        <translation>Administration mode is for editing the directory. This is the first time, so please choose the administration passphrase for this PC.</translation>
    </message>
    <message>
        <source>管理用パスフレーズを入力してください。お名前は変更履歴に残ります。</source>
        <translation>Please enter the administration passphrase. Your name is recorded in the change history.</translation>
    </message>
    <message>
        <source>お名前</source>
        <translation>Your name</translation>
    </message>
    <message>
        <source>パスフレーズ</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>もう一度</source>
        <translation>Repeat passphrase</translation>
    </message>
    <message>
        <source>管理モードに入る</source>
        <translation>Enter administration mode</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>お名前を入力してください（変更履歴に残ります）</source>
        <translation>Please enter your name (it is recorded in the change history).</translation>
    </message>
    <message>
        <source>パスフレーズが違います</source>
        <translation>Wrong passphrase.</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>提供</source>
        <translation>Provided by</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>都道府県</source>
        <translation>Prefecture</translation>
    </message>
    <message>
        <source>上位の分類</source>
        <translation>Parent category</translation>
    </message>
    <message>
        <source>全国</source>
        <translation>Nationwide</translation>
    </message>
    <message>
        <source>{name}（{where}）</source>
        <translation>{name} ({where})</translation>
    </message>
    <message>
        <source>dvdesk 管理モード — {name}</source>
        <translation>dvdesk administration — {name}</translation>
    </message>
    <message>
        <source>名称・キーで絞り込み</source>
        <translation>Filter by name or key</translation>
    </message>
    <message>
        <source>一覧に出す記録の市区町村</source>
        <translation>Which municipality&apos;s records the list shows</translation>
    </message>
    <message>
        <source>追加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>編集…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>廃止</source>
        <translation>Retire</translation>
    </message>
    <message>
        <source>復元</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>確認済みにする</source>
        <translation>Mark as verified</translation>
    </message>
    <message>
        <source>履歴…</source>
        <translation>History…</translation>
    </message>
    <message>
        <source>初期設定</source>
        <translation>Initial setup</translation>
    </message>
    <message>
        <source>市区町村と部署の連絡先…</source>
        <translation>Municipality and departments&apos; contacts…</translation>
    </message>
    <message>
        <source>初期設定がまだです: 「初期設定」メニューから市区町村と部署の連絡先を入力してください</source>
        <translation>Initial setup not done yet: enter the municipality and the departments&apos; contacts from the Initial setup menu</translation>
    </message>
    <message>
        <source>一覧を読み込んでいます…</source>
        <translation>Loading the list…</translation>
    </message>
    <message>
        <source>未確認</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>最終確認</source>
        <translation>Last verified</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>State</translation>
    </message>
    <message>
        <source>キー</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>{kind} {count}件</source>
        <translation>{kind}: {count} records</translation>
    </message>
    <message>
        <source>（{scope}）</source>
        <translation> ({scope})</translation>
    </message>
    <message>
        <source>保存しました</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>ほかの管理者が保存した内容を読み直しました</source>
        <translation>Reread what another administrator saved</translation>
    </message>
    <message>
        <source>「{name}」は、一覧を読んだ後にほかの管理者が変更しています（{fields}）。確認済みにしていません。一覧を読み直しました。内容を確かめてから、もう一度押してください</source>
        <translation>“{name}” was changed by another administrator after the list was read ({fields}). It has not been marked as verified. The list has been reread: check the record, then press again.</translation>
    </message>
    <message>
        <source>「{name}」を廃止しました（相談員には表示されません。履歴に残り、復元できます）</source>
        <translation>Retired “{name}” (counselors no longer see it; it stays in the history and can be restored).</translation>
    </message>
    <message>
        <source>「{name}」を復元しました</source>
        <translation>Restored “{name}”.</translation>
    </message>
    <message>
        <source>「{name}」を確認済みにしました</source>
        <translation>Marked “{name}” as verified.</translation>
    </message>
    <message>
        <source>「{name}」の変更を取り消しました</source>
        <translation>Undid the change to “{name}”.</translation>
    </message>
    <message>
        <source>dvdesk 管理モード</source>
        <translation>dvdesk administration</translation>
    </message>
    <message>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>事例番号の形…</source>
        <translation>Case reference format…</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>データベースのファイルに傷が見つかりました。dvdesk を終了してもう一度起動すると、最新の正常なバックアップから始めることができます。</source>
        <translation>The database file is damaged. Quit dvdesk and start it again to continue from the newest good backup.</translation>
    </message>
    <message>
        <source>英語の翻訳ファイルを読み込めませんでした。日本語で表示します。</source>
        <translation>The English translation could not be loaded. The window stays in Japanese.</translation>
    </message>
    <message>
        <source>壊れたファイルは消さずに別の名前で保管し、最新の正常なバックアップ（なければ同梱のデータ）から始めることができます。</source>
        <translation>dvdesk can keep the damaged file under another name (nothing is deleted) and start from the newest good backup, or from the bundled directory if there is none.</translation>
    </message>
    <message>
        <source>バックアップから始める</source>
        <translation>Start from a backup</translation>
    </message>
    <message>
        <source>終了</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>バックアップ（{name}）から復元しました。</source>
        <translation>Restored from the backup {name}.</translation>
    </message>
    <message>
        <source>正常なバックアップがなかったため、同梱のデータから始めました。</source>
        <translation>There was no good backup, so dvdesk started from the bundled directory.</translation>
    </message>
    <message>
        <source>壊れたファイルの保管先: {path}</source>
        <translation>The damaged file was kept at: {path}</translation>
    </message>
    <message>
        <source>データベースを準備できませんでした。管理者に連絡してください。</source>
        <translation>The database could not be prepared. Please contact your administrator.</translation>
    </message>
    <message>
        <source>詳しい記録: {log}</source>
        <translation>Details are in the log: {log}</translation>
    </message>
    <message>
        <source>dvdesk はすでに起動しています。開いている dvdesk の画面をタスクバーから選んでください。同じデータを二つの画面で同時に変更しないよう、この起動は終了します。</source>
        <translation>dvdesk is already running. Choose the open dvdesk window in the taskbar. This start ends so that the same data is not changed from two windows at once.</translation>
    </message>
    <message>
        <source>開いている画面が見つからないときは、パソコンを再起動してから dvdesk を起動してください。</source>
        <translation>If you cannot find the open window, restart the PC and then start dvdesk.</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>件</source>
        <translation> cases</translation>
    </message>
    <message>
        <source>この期間のデータはありません</source>
        <translation>No data for this period</translation>
    </message>
</context>
<context>
    <name>BusyDialog</name>
    <message>
        <source>処理中</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>終わるまで、dvdesk を閉じたり PC の電源を切ったりしないでください。</source>
        <translation>Do not close dvdesk or turn the PC off until this is done.</translation>
    </message>
    <message>
        <source>経過 {time}</source>
        <translation>Elapsed {time}</translation>
    </message>
</context>
<context>
    <name>CasePatternDialog</name>
    <message>
        <source>事例番号の形</source>
        <translation>Case reference format</translation>
    </message>
    <message>
        <source>紙の記録の番号の形を決めます。{era} 元号の頭文字（R, H…）、{year} 年（1〜2桁）、{yyyy} 西暦、{n} 番号（1〜6桁）、{n4} 4桁の番号、{A} 英字1字、ほかは半角の英大文字・数字と「-」「/」「.」。既定は {era}{year}-{n}（例: R7-0142）。この形でない事例番号は記録できません。</source>
        <translation>The format of the paper file numbers. {era} era initial (R, H…), {year} year (1–2 digits), {yyyy} Western year, {n} number (1–6 digits), {n4} 4-digit number, {A} one letter; anything else is upper-case letters, digits and &quot;-&quot;, &quot;/&quot;, &quot;.&quot;. Default: {era}{year}-{n} (e.g. R7-0142). Case references in any other format cannot be recorded.</translation>
    </message>
    <message>
        <source>事例番号の形はまだ保存していません。閉じると、入力した形は失われます。</source>
        <translation>The case reference format is not saved yet. If you close, the format you entered is lost.</translation>
    </message>
    <message>
        <source>閉じる（入力を捨てる）</source>
        <translation>Close (discard what I entered)</translation>
    </message>
    <message>
        <source>例: {example}</source>
        <translation>e.g. {example}</translation>
    </message>
</context>
<context>
    <name>Casework</name>
    <message>
        <source>予期しないエラーが起きました。入力した内容は保存されていません。詳細はログに記録しました。</source>
        <translation>An unexpected error occurred. What you entered was not saved. The details are in the log.</translation>
    </message>
</context>
<context>
    <name>CaseworkLabels</name>
    <message>
        <source>紹介済み</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>受付</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>連絡済み</source>
        <translation>Contacted</translation>
    </message>
    <message>
        <source>対応完了</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>不調</source>
        <translation>Did not work out</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>面接</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>同行</source>
        <translation>Accompanied</translation>
    </message>
    <message>
        <source>メール</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>相談件数（入力）</source>
        <translation>Consultation counts (entered)</translation>
    </message>
    <message>
        <source>紹介記録から集計</source>
        <translation>Counted from the referral log</translation>
    </message>
    <message>
        <source>相談方法</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>担当課・機関</source>
        <translation>Department or agency</translation>
    </message>
    <message>
        <source>ニーズ</source>
        <translation>Need</translation>
    </message>
    <message>
        <source>未分類</source>
        <translation>Unclassified</translation>
    </message>
    <message>
        <source>（紹介先なし）</source>
        <translation>(no referral target)</translation>
    </message>
    <message>
        <source>UTF-8（BOM付き・Excel向け）</source>
        <translation>UTF-8 (with BOM, for Excel)</translation>
    </message>
    <message>
        <source>Shift_JIS（CP932）</source>
        <translation>Shift_JIS (CP932)</translation>
    </message>
    <message>
        <source>※ 1件が複数の{what}にあたる場合はそれぞれに数えるため、計は延べ件数で、実際の件数（総数）とは一致しません。</source>
        <translation>※ A consultation that falls under more than one “{what}” is counted under each, so the totals count some consultations more than once and do not match the actual number.</translation>
    </message>
    <message>
        <source>{year}年度</source>
        <translation>FY{year}</translation>
    </message>
    <message>
        <source>{year}年4月〜{next}年3月</source>
        <translation>April {year} – March {next}</translation>
    </message>
</context>
<context>
    <name>ChecklistDialog</name>
    <message>
        <source>手続きチェックシート</source>
        <translation>Procedure checklist</translation>
    </message>
    <message>
        <source>状況（手続きが変わるもの）</source>
        <translation>Situation (changes the list)</translation>
    </message>
    <message>
        <source>削除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>この状況で提案する手続きはありません。左で状況を選ぶか、下の一覧や自由記入で項目を追加してください。</source>
        <translation>No procedures are proposed for this situation. Choose circumstances on the left, or add items from the list or as free text below.</translation>
    </message>
    <message>
        <source>選んだ項目の内容</source>
        <translation>Selected item</translation>
    </message>
    <message>
        <source>このチェックシートは変更されていて、まだ印刷もPDFへの保存もしていません。閉じると、選んだ状況・追加や削除した項目・メモ・連絡票に入力した内容は失われます（保存されません）。</source>
        <translation>This checklist has been changed and has not been printed or saved as a PDF yet. If you close it, the circumstances chosen, the items added or removed, the note and what you entered for the referral slip are lost (nothing is saved).</translation>
    </message>
    <message>
        <source>相談できるところ</source>
        <translation>Places to contact</translation>
    </message>
    <message>
        <source>▲ 上へ</source>
        <translation>▲ Up</translation>
    </message>
    <message>
        <source>▼ 下へ</source>
        <translation>▼ Down</translation>
    </message>
    <message>
        <source>窓口を指定…</source>
        <translation>Set window…</translation>
    </message>
    <message>
        <source>選んだ窓口の名前を入力します（資料に担当課がないときなど）</source>
        <translation>Type the name of the selected window (for instance when no source names the department)</translation>
    </message>
    <message>
        <source>一覧から追加</source>
        <translation>Add from the list</translation>
    </message>
    <message>
        <source>自由記入の項目（例: 印鑑を持っていく）</source>
        <translation>Free-text item (e.g. bring your seal)</translation>
    </message>
    <message>
        <source>窓口（任意）</source>
        <translation>Counter (optional)</translation>
    </message>
    <message>
        <source>自由記入を追加</source>
        <translation>Add free text</translation>
    </message>
    <message>
        <source>相談者へのメモ（印刷されます。保存はされません）</source>
        <translation>Note for the client (printed, never saved)</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>この市区町村の手続きは、まだ登録されていません（用紙にもそう印刷されます）。必要な手続きは自由記入で追加し、管理画面で登録してください。</source>
        <translation>This municipality&apos;s procedures are not on record yet (the paper says so too). Add the procedures the client needs as free text, and have them registered in the administration window.</translation>
    </message>
    <message>
        <source>この市区町村には、次のニーズの手続きが登録されていません: {names}。警察・一時保護・保護命令が必要か確かめ、必要なら自由記入で追加してください（用紙には、一部の手続きが未登録であることを印刷します）。</source>
        <translation>No procedure of this municipality is on record for: {names}. Check whether police, temporary protection or a protection order is needed and add it as free text if so (the paper says that some procedures are not on record).</translation>
    </message>
    <message>
        <source>相談できるところ（{n}・未登録のニーズ{m}）</source>
        <translation>Places to contact ({n}; {m} needs with none on record)</translation>
    </message>
    <message>
        <source>相談できるところ（{n}）</source>
        <translation>Places to contact ({n})</translation>
    </message>
    <message>
        <source>いま選んでいる分野（{needs}）を加えました（手続き {n} 件）。</source>
        <translation>Added the needs now chosen ({needs}): {n} procedure(s).</translation>
    </message>
    <message>
        <source>（選んでいません）</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <source>{municipality}&#x3000;ニーズ: {needs}&#x3000;状況: {circumstances}</source>
        <translation>{municipality}   Needs: {needs}   Circumstances: {circumstances}</translation>
    </message>
    <message>
        <source>窓口を指定する手続きを一覧で選んでください。</source>
        <translation>Select the procedure whose window you want to set.</translation>
    </message>
    <message>
        <source>窓口を指定</source>
        <translation>Set the window</translation>
    </message>
    <message>
        <source>窓口の名前（例: 子育て支援課）</source>
        <translation>Name of the window (e.g. 子育て支援課)</translation>
    </message>
    <message>
        <source>手続き: {name}（{department}）</source>
        <translation>Procedure: {name} ({department})</translation>
    </message>
    <message>
        <source>支援: {name}</source>
        <translation>Service: {name}</translation>
    </message>
    <message>
        <source>閉じる（変更を捨てる）</source>
        <translation>Close (discard the changes)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>ChecklistHtml</name>
    <message>
        <source>項目を選ぶと、内容・持ち物・注意がここに出ます。</source>
        <translation>Select an item to see what it is, what to bring and what to watch for.</translation>
    </message>
    <message>
        <source>窓口: {name}</source>
        <translation>Window: {name}</translation>
    </message>
    <message>
        <source>窓口を確認してください（目安: {hint}）</source>
        <translation>Please confirm the window (hint: {hint})</translation>
    </message>
    <message>
        <source>持ち物:</source>
        <translation>What to bring:</translation>
    </message>
    <message>
        <source>注意: {text}</source>
        <translation>Please note: {text}</translation>
    </message>
    <message>
        <source>［職員メモ］{note}</source>
        <translation>[Staff note] {note}</translation>
    </message>
    <message>
        <source>出典: {source}</source>
        <translation>Source: {source}</translation>
    </message>
    <message>
        <source>ニーズを選ぶと、そのニーズの相談先がここに出ます（印刷にも入ります）。</source>
        <translation>Choose needs to see the places to contact for them here (they are printed too).</translation>
    </message>
    <message>
        <source>このニーズの相談先は登録されていません（印刷にもそう書きます）</source>
        <translation>No place to contact is on record for this need (the paper says so too)</translation>
    </message>
    <message>
        <source>{phone}（職員のみ）</source>
        <translation>{phone} (staff only)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>［職員のみ：相談者用には印刷しません］</source>
        <translation>[Staff only: not printed on the client&apos;s copy]</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>手続き・窓口</source>
        <translation>Procedure / counter</translation>
    </message>
    <message>
        <source>持ち物</source>
        <translation>What to bring</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Caution</translation>
    </message>
    <message>
        <source>［支援］</source>
        <translation>[Service] </translation>
    </message>
    <message>
        <source>［自由記入］</source>
        <translation>[Free text] </translation>
    </message>
    <message>
        <source>窓口を確認してください（目安: {hint}）</source>
        <translation>Please confirm the window (hint: {hint})</translation>
    </message>
    <message>
        <source>その他の窓口</source>
        <translation>Other offices</translation>
    </message>
    <message>
        <source>&#x3000;［職員のみ：相談者用には印刷しません］</source>
        <translation>  [Staff only: not printed on the client&apos;s copy]</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>［職員メモ］{note}</source>
        <translation>[Staff note] {note}</translation>
    </message>
    <message>
        <source>持ち物: {items}</source>
        <translation>What to bring: {items}</translation>
    </message>
</context>
<context>
    <name>Circumstances</name>
    <message>
        <source>子どもがいる</source>
        <translation>Has children</translation>
    </message>
    <message>
        <source>未就学の子どもがいる</source>
        <translation>Has pre-school children</translation>
    </message>
    <message>
        <source>小中学校等に通う子どもがいる</source>
        <translation>Has school-age children</translation>
    </message>
    <message>
        <source>外国籍</source>
        <translation>Foreign national</translation>
    </message>
    <message>
        <source>国民健康保険・社会保険の切替えが必要</source>
        <translation>Health insurance to change</translation>
    </message>
    <message>
        <source>国民年金</source>
        <translation>National pension</translation>
    </message>
    <message>
        <source>生活保護を受けている・申請したい</source>
        <translation>Public assistance</translation>
    </message>
    <message>
        <source>市外から転入する・転入した</source>
        <translation>Moving in from another city</translation>
    </message>
    <message>
        <source>市内で転居する</source>
        <translation>Moving within the city</translation>
    </message>
    <message>
        <source>市外へ転出する</source>
        <translation>Moving out of the city</translation>
    </message>
    <message>
        <source>障がいがある</source>
        <translation>Has a disability</translation>
    </message>
    <message>
        <source>65歳以上</source>
        <translation>Aged 65 or over</translation>
    </message>
</context>
<context>
    <name>ComponentModel</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>版</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>ライセンス</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>備考</source>
        <translation>Remarks</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>連絡先</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>この連絡先の入力はまだ反映していません。閉じると、入力した内容は失われます。</source>
        <translation>What you entered for this contact is not applied yet. If you close, it is lost.</translation>
    </message>
    <message>
        <source>閉じる（入力を捨てる）</source>
        <translation>Close (discard what I entered)</translation>
    </message>
</context>
<context>
    <name>ContactsEditor</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>受付時間</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>公開範囲</source>
        <translation>Who may see it</translation>
    </message>
    <message>
        <source>（未選択）</source>
        <translation>(not chosen)</translation>
    </message>
    <message>
        <source>連絡先を追加</source>
        <translation>Add contact</translation>
    </message>
    <message>
        <source>編集</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>削除</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>CountEntryDialog</name>
    <message>
        <source>相談件数の入力（月ごと）</source>
        <translation>Enter consultation counts (by month)</translation>
    </message>
    <message>
        <source>yyyy年M月</source>
        <translation>MMMM yyyy</translation>
    </message>
    <message>
        <source>課・機関の名前</source>
        <translation>Department or agency name</translation>
    </message>
    <message>
        <source>DV相談</source>
        <translation>DV consultations</translation>
    </message>
    <message>
        <source>DV以外の相談</source>
        <translation>Other consultations</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>変更を取り消す</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>年月</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>担当課・機関</source>
        <translation>Department or agency</translation>
    </message>
    <message>
        <source>区分</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>件数だけを入力します。1件の相談は主な相談内容（ニーズ）1つに数えてください。保存すると、この月・課・区分の件数が入力した内容に置き換わります。</source>
        <translation>Enter counts only. Count each consultation once, under its main need. Saving replaces the counts for this month, department and type with what you entered.</translation>
    </message>
    <message>
        <source>合計 {count}件</source>
        <translation>Total: {count}</translation>
    </message>
    <message>
        <source>（未保存）</source>
        <translation> (not saved)</translation>
    </message>
    <message>
        <source>{month} {department}（{kind}） {count}件を保存しました。</source>
        <translation>Saved {count} for {month}, {department} ({kind}).</translation>
    </message>
    <message>
        <source>入力した件数はまだ保存していません。閉じると、保存していない件数は失われます。</source>
        <translation>The counts you entered are not saved yet. If you close, the unsaved counts are lost.</translation>
    </message>
    <message>
        <source>閉じる（入力を捨てる）</source>
        <translation>Close (discard what I entered)</translation>
    </message>
</context>
<context>
    <name>CountGridModel</name>
    <message>
        <source>未分類（主訴なし）</source>
        <translation>Unclassified (no main need)</translation>
    </message>
    <message>
        <source>計</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>CrossTableModel</name>
    <message>
        <source>合計</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>うちDV</source>
        <translation>of which DV</translation>
    </message>
    <message>
        <source>計（延べ）</source>
        <translation>Total (gross)</translation>
    </message>
    <message>
        <source>計</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>DepartmentPane</name>
    <message>
        <source>部署・機関の一覧</source>
        <translation>List of departments and agencies</translation>
    </message>
    <message>
        <source>部署・機関(&amp;D)</source>
        <translation>&amp;Departments and agencies</translation>
    </message>
    <message>
        <source>市区町村を選ぶと、その市区町村の部署・機関も表示されます</source>
        <translation>Choose a municipality to see its departments and agencies as well</translation>
    </message>
    <message>
        <source>部署・機関の連絡先</source>
        <translation>Contacts of the department or agency</translation>
    </message>
    <message>
        <source>この部署・機関が提供する支援</source>
        <translation>Services this department or agency provides</translation>
    </message>
    <message>
        <source>提供する支援</source>
        <translation>Services provided</translation>
    </message>
    <message>
        <source>左の一覧から部署・機関を選ぶと、連絡先と提供する支援が表示されます。</source>
        <translation>Choose a department or agency on the left to see its contacts and the services it provides.</translation>
    </message>
</context>
<context>
    <name>DeskMenus</name>
    <message>
        <source>dvdesk について…</source>
        <translation>About dvdesk…</translation>
    </message>
    <message>
        <source>管理モードに入る…</source>
        <translation>Enter administration mode…</translation>
    </message>
    <message>
        <source>紹介の記録…</source>
        <translation>Referral log…</translation>
    </message>
    <message>
        <source>相談件数の集計…</source>
        <translation>Consultation statistics…</translation>
    </message>
</context>
<context>
    <name>DetailHtml</name>
    <message>
        <source>秘</source>
        <translation>SECRET</translation>
    </message>
    <message>
        <source>職員のみ</source>
        <translation>STAFF ONLY</translation>
    </message>
    <message>
        <source>記載なし</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <source>{y}年{m}月{d}日</source>
        <translation>{y}-{m:02d}-{d:02d}</translation>
    </message>
    <message>
        <source>電話 {phone}</source>
        <translation>Phone {phone}</translation>
    </message>
    <message>
        <source>内線 {ext}</source>
        <translation>Ext. {ext}</translation>
    </message>
    <message>
        <source>窓口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>受付</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>メール</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>{label}：{value}</source>
        <translation>{label}: {value}</translation>
    </message>
    <message>
        <source>窓口・受付時間の記載なし</source>
        <translation>No window or opening hours recorded</translation>
    </message>
    <message>
        <source>未確認</source>
        <translation>Never verified</translation>
    </message>
    <message>
        <source>（{who}）</source>
        <translation> ({who})</translation>
    </message>
    <message>
        <source>要確認：1年以上確認されていません</source>
        <translation>Check: not verified for over a year</translation>
    </message>
    <message>
        <source>要確認：確認日の記録がありません</source>
        <translation>Check: no verification date on record</translation>
    </message>
    <message>
        <source>提供する部署・機関</source>
        <translation>Provided by</translation>
    </message>
    <message>
        <source>窓口・連絡先</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>専用電話</source>
        <translation>Dedicated line</translation>
    </message>
    <message>
        <source>要確認</source>
        <translation>Check needed</translation>
    </message>
    <message>
        <source>（{parent}）</source>
        <translation> ({parent})</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>受付時間</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>利用のしかた</source>
        <translation>How to use it</translation>
    </message>
    <message>
        <source>対象</source>
        <translation>Who is eligible</translation>
    </message>
    <message>
        <source>持ち物</source>
        <translation>What to bring</translation>
    </message>
    <message>
        <source>費用</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>対応言語</source>
        <translation>Languages</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>場所</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>所在地</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>職員メモ</source>
        <translation>Staff note</translation>
    </message>
    <message>
        <source>部署・機関の職員メモ</source>
        <translation>Staff note on the department</translation>
    </message>
    <message>
        <source>分野</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>該当する事情</source>
        <translation>For</translation>
    </message>
    <message>
        <source>計画・取組</source>
        <translation>Plan and measure</translation>
    </message>
    <message>
        <source>出典</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>最終確認日</source>
        <translation>Last verified</translation>
    </message>
    <message>
        <source>チェックシートには、子どものいる相談者のときだけ載ります</source>
        <translation>On a checklist only when the client has a child</translation>
    </message>
    <message>
        <source>全国</source>
        <translation>Nationwide</translation>
    </message>
    <message>
        <source>所属</source>
        <translation>Part of</translation>
    </message>
    <message>
        <source>電話番号未登録</source>
        <translation>No phone number on record</translation>
    </message>
    <message>
        <source>受付時間：{hours}</source>
        <translation>Hours: {hours}</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>支援の詳細</source>
        <translation>Service details</translation>
    </message>
    <message>
        <source>必要な職員だけ</source>
        <translation>need-to-know staff only</translation>
    </message>
    <message>
        <source>利用者に渡さない</source>
        <translation>never give to the client</translation>
    </message>
    <message>
        <source>連絡先をコピー(&amp;C)</source>
        <translation>&amp;Copy contact</translation>
    </message>
    <message>
        <source>利用者に伝えてよい連絡先だけをコピーします（秘・職員のみの情報は含みません）&#x3000;Ctrl+Shift+C</source>
        <translation>Copies only the contact details a client may be given (nothing secret or staff-only)  Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>連絡先をコピー</source>
        <translation>Copy contact</translation>
    </message>
    <message>
        <source>チェックリストに追加</source>
        <translation>Add to checklist</translation>
    </message>
    <message>
        <source>表示している手続き・支援を、開いているチェックリストに加えます</source>
        <translation>Adds the procedure or service shown here to the open checklist</translation>
    </message>
    <message>
        <source>一覧から支援を選ぶと、ここに詳しい内容が表示されます。</source>
        <translation>Choose a service in the list to see its details here.</translation>
    </message>
    <message>
        <source>この支援は職員向けの情報のため、コピーできません。</source>
        <translation>This service is staff-only information and cannot be copied.</translation>
    </message>
    <message>
        <source>連絡先をコピーしました（利用者に伝えてよい情報のみ）。</source>
        <translation>Contact copied (only what a client may be given).</translation>
    </message>
</context>
<context>
    <name>DiscardQuestion</name>
    <message>
        <source>戻る</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>まだ保存・記録していない入力があります。閉じると失われます。</source>
        <translation>Some of what you entered is not saved or recorded yet. If you close, it is lost.</translation>
    </message>
    <message>
        <source>閉じる（入力を捨てる）</source>
        <translation>Close (discard what I entered)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>dvdesk — エラー</source>
        <translation>dvdesk — Error</translation>
    </message>
    <message>
        <source>エラー</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>データベース: {path}
詳しい記録: {log}</source>
        <translation>Database: {path}
Details are in the log: {log}</translation>
    </message>
    <message>
        <source>更新前のバックアップ: {backup}</source>
        <translation>Backup taken before the update: {backup}</translation>
    </message>
    <message>
        <source>予期しないエラーが発生しました。もう一度お試しください。続く場合は管理者に連絡してください。</source>
        <translation>An unexpected error occurred. Please try again. If it keeps happening, contact your administrator.</translation>
    </message>
    <message>
        <source>詳しい記録: {log}</source>
        <translation>Details are in the log: {log}</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>記録</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>［{desk}］{note}</source>
        <translation>[{desk}] {note}</translation>
    </message>
</context>
<context>
    <name>ExchangeActions</name>
    <message>
        <source>{name}（{code}）</source>
        <translation>{name} ({code})</translation>
    </message>
    <message>
        <source>ディレクトリ全体</source>
        <translation>the whole directory</translation>
    </message>
    <message>
        <source>パッケージを読み、取り込む内容を確かめています…</source>
        <translation>Reading the package and checking what it would change…</translation>
    </message>
    <message>
        <source>このパッケージは取り込めません。
{reason}</source>
        <translation>This package cannot be imported.
{reason}</translation>
    </message>
    <message>
        <source>（{name}）</source>
        <translation> ({name})</translation>
    </message>
    <message>
        <source>{file}: {scope}。{pc} で {when} に書き出し{who}。チェックサム確認済み。</source>
        <translation>{file}: {scope}. Exported on {pc} at {when}{who}. Checksum verified.</translation>
    </message>
    <message>
        <source>この PC の鍵（{name}）で署名されています。</source>
        <translation>Signed with this PC&apos;s key ({name}).</translation>
    </message>
    <message>
        <source>注意: {reason}</source>
        <translation>Caution: {reason}</translation>
    </message>
    <message>
        <source>作成した PC と作成者を確かめました。このパッケージを受け入れて取り込みます。</source>
        <translation>I have checked the PC and the person who made it. Accept and import this package.</translation>
    </message>
    <message>
        <source>データパッケージの取り込み</source>
        <translation>Import a data package</translation>
    </message>
    <message>
        <source>表を読んでいます…</source>
        <translation>Reading the sheet…</translation>
    </message>
    <message>
        <source>この表は読み込めません。
{reason}</source>
        <translation>This spreadsheet cannot be read.
{reason}</translation>
    </message>
    <message>
        <source>取り込む内容を確かめています…</source>
        <translation>Checking what the import would change…</translation>
    </message>
    <message>
        <source>{file}（{encoding}）: 読んだ {rows}行 = 受付 {accepted}行 + 受け付けず {rejected}行 + 読み飛ばし {skipped}行</source>
        <translation>{file} ({encoding}): {rows} rows read = {accepted} accepted + {rejected} rejected + {skipped} skipped</translation>
    </message>
    <message>
        <source>注意: {note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <source>表計算からの取り込み</source>
        <translation>Import from a spreadsheet</translation>
    </message>
    <message>
        <source>読んだ件数と結果の件数が合わないため、取り込みを中止しました（何も変更していません）。開発者に連絡してください</source>
        <translation>The number of records read does not match the results, so the import was stopped (nothing was changed). Please contact the developers.</translation>
    </message>
    <message>
        <source>{count}件の記録に、このディレクトリにある市区町村が書かれていません（例: 「{example}」）。「市区町村」で取り込み先を選んでください（全国向けなら「全国の窓口として取り込む」）。何も変更していません</source>
        <translation>{count} records name no municipality of this directory (for example “{example}”). Choose where they belong under “Municipality” (for the whole country, “Import as nationwide services”). Nothing was changed</translation>
    </message>
    <message>
        <source>この HSDS ファイルは取り込めません。
{reason}</source>
        <translation>This HSDS file cannot be imported.
{reason}</translation>
    </message>
    <message>
        <source>{files}: 読んだ記録 {read}件 = 受付 {accepted}件 + 受け付けず {rejected}件 + 繰り返し {repeats}件 + 分類（対応づけのみ）{mapping}件</source>
        <translation>{files}: records read {read} = accepted {accepted} + rejected {rejected} + repeats {repeats} + taxonomy (mapping only) {mapping}</translation>
    </message>
    <message>
        <source>一覧の一部だけです: {page}</source>
        <translation>Only part of a list: {page}</translation>
    </message>
    <message>
        <source>繰り返し: {line}</source>
        <translation>Repeat: {line}</translation>
    </message>
    <message>
        <source>繰り返し: ほか {count}件</source>
        <translation>Repeats: {count} more</translation>
    </message>
    <message>
        <source>HSDS からの取り込み</source>
        <translation>Import from HSDS</translation>
    </message>
    <message>
        <source>取り込んでいます…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>取り込めませんでした（何も変更していません）。
{reason}</source>
        <translation>The import failed (nothing was changed).
{reason}</translation>
    </message>
    <message>
        <source>取り込みました: {summary}</source>
        <translation>Imported: {summary}</translation>
    </message>
    <message>
        <source>一覧は{scope}の記録です（ほかの市区町村は「{all}」から）。</source>
        <translation>The list shows {scope} (other municipalities: “{all}”). </translation>
    </message>
    <message>
        <source>書き出しています…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>書き出しました: {path}（{scope}）</source>
        <translation>Exported: {path} ({scope})</translation>
    </message>
    <message>
        <source>書き出しました: {path}（{rows}行。職員のみ・秘密の項目を含みます）</source>
        <translation>Exported: {path} ({rows} rows; includes staff-only and secret fields)</translation>
    </message>
    <message>
        <source>HSDS で書き出しました: {path}（サービス {count}件、公開項目のみ）</source>
        <translation>Exported as HSDS: {path} (services: {count}; public fields only)</translation>
    </message>
    <message>
        <source>データ</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>書き出し先</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>dvdesk パッケージ (*.dvdesk)</source>
        <translation>dvdesk package (*.dvdesk)</translation>
    </message>
    <message>
        <source>データパッケージを書き出す…</source>
        <translation>Export data package…</translation>
    </message>
    <message>
        <source>データパッケージを取り込む…</source>
        <translation>Import data package…</translation>
    </message>
    <message>
        <source>パッケージ</source>
        <translation>Package</translation>
    </message>
    <message>
        <source>パッケージの署名鍵…</source>
        <translation>Package signing key…</translation>
    </message>
    <message>
        <source>表計算に書き出す…</source>
        <translation>Export to spreadsheet…</translation>
    </message>
    <message>
        <source>表計算から取り込む…</source>
        <translation>Import from spreadsheet…</translation>
    </message>
    <message>
        <source>表</source>
        <translation>Spreadsheet</translation>
    </message>
    <message>
        <source>HSDS に書き出す…</source>
        <translation>Export to HSDS…</translation>
    </message>
    <message>
        <source>HSDS から取り込む…</source>
        <translation>Import from HSDS…</translation>
    </message>
    <message>
        <source>確認レポート</source>
        <translation>Verification report</translation>
    </message>
</context>
<context>
    <name>FieldForm</name>
    <message>
        <source>（選んでください）</source>
        <translation>(please choose)</translation>
    </message>
    <message>
        <source>2026-04-01（空欄は未確認）</source>
        <translation>2026-04-01 (empty = not verified)</translation>
    </message>
    <message>
        <source>（なし）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>1行に1つ</source>
        <translation>One per line</translation>
    </message>
    <message>
        <source>「{text}」は候補にありません。候補から選んでください</source>
        <translation>“{text}” is not one of the choices. Choose one from the list.</translation>
    </message>
</context>
<context>
    <name>FirstRunWindow</name>
    <message>
        <source>初期設定 — 市区町村と部署の連絡先</source>
        <translation>Initial setup — municipality and departments&apos; contacts</translation>
    </message>
    <message>
        <source>市区町村名・よみ・コード（例: 高岡市、たかおか、162027）</source>
        <translation>Municipality name, reading or code (e.g. 高岡市, たかおか, 162027)</translation>
    </message>
    <message>
        <source>一覧にないコードのときの名称</source>
        <translation>Name, for a code not on the list</translation>
    </message>
    <message>
        <source>この市区町村にする</source>
        <translation>Use this municipality</translation>
    </message>
    <message>
        <source>一覧の出典: 総務省「全国地方公共団体コード」（政府標準利用規約 第2.0版）</source>
        <translation>List source: Ministry of Internal Affairs and Communications, Local Government Codes (Government of Japan Standard Terms of Use 2.0)</translation>
    </message>
    <message>
        <source>1. 市区町村</source>
        <translation>1. Municipality</translation>
    </message>
    <message>
        <source>確認</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>部署</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>内線</source>
        <translation>Extension</translation>
    </message>
    <message>
        <source>窓口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>階</source>
        <translation>Floor</translation>
    </message>
    <message>
        <source>受付時間</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>不足</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>最終確認</source>
        <translation>Last verified</translation>
    </message>
    <message>
        <source>担当課が決まっていない手続き</source>
        <translation>Procedures with no department</translation>
    </message>
    <message>
        <source>目安</source>
        <translation>Hint</translation>
    </message>
    <message>
        <source>担当課</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存して、チェックした部署を確認済みにする</source>
        <translation>Save, and mark the ticked departments as verified</translation>
    </message>
    <message>
        <source>2. 窓口として使うために足りないもの</source>
        <translation>2. What the desk still lacks</translation>
    </message>
    <message>
        <source>{name}（{code}）を設定しました</source>
        <translation>{name} ({code}) set</translation>
    </message>
    <message>
        <source>{name}: </source>
        <translation>{name}: </translation>
    </message>
    <message>
        <source>（未定）</source>
        <translation>(not decided)</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <source>保存 {saved}件、確認済み {verified}件、保存できなかったもの {failed}件</source>
        <translation>Saved {saved}, verified {verified}, not saved {failed}</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>変更履歴 — {kind}「{title}」</source>
        <translation>Change history — {kind} “{title}”</translation>
    </message>
    <message>
        <source>この変更を取り消す</source>
        <translation>Undo this change</translation>
    </message>
    <message>
        <source>この編集をまとめて取り消す</source>
        <translation>Undo the whole edit</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>（記録全体）</source>
        <translation>(whole record)</translation>
    </message>
    <message>
        <source>（取り消し済み）</source>
        <translation> (undone)</translation>
    </message>
    <message>
        <source>日時</source>
        <translation>When</translation>
    </message>
    <message>
        <source>管理者</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>項目</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>変更前</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>（なし）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>変更後</source>
        <translation>After</translation>
    </message>
    <message>
        <source>（新しく追加）</source>
        <translation>(newly added)</translation>
    </message>
    <message>
        <source>備考</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <source>取り消しました（{count}項目）。取り消しも履歴に残ります。</source>
        <translation>Undone (fields: {count}). The undo is recorded in the history too.</translation>
    </message>
</context>
<context>
    <name>HsdsSourceDialog</name>
    <message>
        <source>HSDS から取り込む</source>
        <translation>Import from HSDS</translation>
    </message>
    <message>
        <source>ファイルを追加…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>フォルダを追加…</source>
        <translation>Add folder…</translation>
    </message>
    <message>
        <source>選んだものを外す</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>確認する…</source>
        <translation>Check…</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>HSDS の JSON ファイルを選んでください。複数のファイルやフォルダはまとめてひとつの取り込みになり、ファイルをまたぐ id の参照もつながります。</source>
        <translation>Choose HSDS JSON files. Several files or folders are one import, and id references across files are resolved.</translation>
    </message>
    <message>
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>選んだファイルと市区町村は、閉じると失われます（何も取り込まれません）。</source>
        <translation>The files and the municipality you chose are lost if you close (nothing is imported).</translation>
    </message>
    <message>
        <source>閉じる（選んだものを捨てる）</source>
        <translation>Close (discard what I chose)</translation>
    </message>
    <message>
        <source>HSDS ファイル</source>
        <translation>HSDS files</translation>
    </message>
    <message>
        <source>HSDS のフォルダ</source>
        <translation>HSDS folder</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>追加</source>
        <translation>added</translation>
    </message>
    <message>
        <source>変更</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>廃止</source>
        <translation>retired</translation>
    </message>
    <message>
        <source>復元</source>
        <translation>restored</translation>
    </message>
    <message>
        <source>変更なし</source>
        <translation>unchanged</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>項目</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>キー</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>項目</source>
        <comment>how many fields change</comment>
        <translation>Fields</translation>
    </message>
    <message>
        <source>現在の値（この PC）</source>
        <translation>Current value (this PC)</translation>
    </message>
    <message>
        <source>取り込む値</source>
        <translation>Incoming value</translation>
    </message>
    <message>
        <source>変更点</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>結果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>受け付けず</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>読み飛ばし</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>受付（{action}）</source>
        <translation>Accepted ({action})</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>行ごとの結果（受け付けず {count}行）</source>
        <translation>Row by row (rejected: {count})</translation>
    </message>
    <message>
        <source>取り込む</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>取り込む前にデータベースのバックアップを取ります。取り込みはすべて成功するか、何も変わらないかのどちらかです。</source>
        <translation>The database is backed up before the import. Either the whole import succeeds or nothing changes.</translation>
    </message>
    <message>
        <source>取り込む変更はありません。</source>
        <translation>There is nothing to import.</translation>
    </message>
</context>
<context>
    <name>IntegrityNotice</name>
    <message>
        <source>ディレクトリに直す必要のある記録が {n}件あります。管理者に連絡してください（dvdesk check で一覧）。
{first}</source>
        <translation>{n} directory record(s) need fixing. Please contact the administrator (dvdesk check lists them).
{first}</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>啓発・予防</source>
        <translation>Awareness and prevention</translation>
    </message>
    <message>
        <source>庁内の取組</source>
        <translation>Internal measure</translation>
    </message>
    <message>
        <source>利用者向け</source>
        <translation>For clients</translation>
    </message>
    <message>
        <source>手続き</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>部署・機関</source>
        <translation>Office or agency</translation>
    </message>
    <message>
        <source>市の課・室</source>
        <translation>City department</translation>
    </message>
    <message>
        <source>市のセンター・施設</source>
        <translation>City centre or facility</translation>
    </message>
    <message>
        <source>県・都の機関</source>
        <translation>Prefectural agency</translation>
    </message>
    <message>
        <source>警察</source>
        <translation>Police</translation>
    </message>
    <message>
        <source>児童相談所</source>
        <translation>Child guidance centre</translation>
    </message>
    <message>
        <source>裁判所</source>
        <translation>Court</translation>
    </message>
    <message>
        <source>民間支援団体</source>
        <translation>Private support organisation</translation>
    </message>
    <message>
        <source>全国の窓口・国の機関</source>
        <translation>National line or agency</translation>
    </message>
    <message>
        <source>医療機関</source>
        <translation>Medical institution</translation>
    </message>
    <message>
        <source>その他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>全国</source>
        <translation>Nationwide</translation>
    </message>
</context>
<context>
    <name>ListScopeBox</name>
    <message>
        <source>すべての市区町村</source>
        <translation>All municipalities</translation>
    </message>
    <message>
        <source>全国の窓口・国の機関のみ</source>
        <translation>Nationwide offices and national agencies only</translation>
    </message>
    <message>
        <source>{name}（{code}）と全国</source>
        <translation>{name} ({code}) and nationwide</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>dvdesk — 支援先ディレクトリ</source>
        <translation>dvdesk — Support directory</translation>
    </message>
    <message>
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>全国の相談窓口はどの市区町村を選んでも表示されます</source>
        <translation>National lines are shown whichever municipality is chosen</translation>
    </message>
    <message>
        <source>市区町村(&amp;M)</source>
        <translation>&amp;Municipality</translation>
    </message>
    <message>
        <source>全国の窓口は常に含まれます</source>
        <translation>National lines are always included</translation>
    </message>
    <message>
        <source>探し方</source>
        <translation>Ways to search</translation>
    </message>
    <message>
        <source>支援を探す</source>
        <translation>Find support</translation>
    </message>
    <message>
        <source>部署・機関から探す</source>
        <translation>Browse by department</translation>
    </message>
    <message>
        <source>手続きチェックシート…</source>
        <translation>Procedure checklist…</translation>
    </message>
    <message>
        <source>選んだ市区町村とニーズで手続きチェックシートを作ります（Ctrl+P）</source>
        <translation>Make the procedure checklist for the chosen municipality and needs (Ctrl+P)</translation>
    </message>
    <message>
        <source>終了する（入力を捨てる）</source>
        <translation>Exit (discard what I entered)</translation>
    </message>
    <message>
        <source>この項目は削除されています。</source>
        <translation>This item has been removed.</translation>
    </message>
    <message>
        <source>「{name}」をチェックリストに追加しました。</source>
        <translation>Added “{name}” to the checklist.</translation>
    </message>
    <message>
        <source>「{name}」はすでにチェックリストにあります。</source>
        <translation>“{name}” is already on the checklist.</translation>
    </message>
    <message>
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>手続きチェックシートを作る・印刷する…</source>
        <translation>Make and print the procedure checklist…</translation>
    </message>
    <message>
        <source>終了(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>表示(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>検索欄へ移動</source>
        <translation>Go to search</translation>
    </message>
    <message>
        <source>文字を大きく</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>文字を小さく</source>
        <translation>Smaller text</translation>
    </message>
    <message>
        <source>文字を標準の大きさに</source>
        <translation>Normal text size</translation>
    </message>
    <message>
        <source>言語 / Language</source>
        <translation>言語 / Language</translation>
    </message>
    <message>
        <source>チェックシート(&amp;C)</source>
        <translation>&amp;Checklist</translation>
    </message>
    <message>
        <source>相談記録(&amp;R)</source>
        <translation>&amp;Records</translation>
    </message>
    <message>
        <source>管理(&amp;A)</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <source>ヘルプ(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>キーボード操作</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>全市区町村</source>
        <translation>All municipalities</translation>
    </message>
    <message>
        <source>開いているチェックリストは{name}のものです。別の市区町村で作るには、先に閉じてください。</source>
        <translation>The open checklist is for {name}. To make one for another municipality, close it first.</translation>
    </message>
    <message>
        <source>チェックリスト</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>チェックリストは市区町村ごとに作ります。上の「市区町村」で選んでください。</source>
        <translation>A checklist is made for one municipality. Please choose it under “Municipality” at the top.</translation>
    </message>
    <message>
        <source>Ctrl+F：検索欄へ
↓ / Enter：検索欄から結果の一覧へ
Enter / ダブルクリック：支援を開く
Esc：検索語を消す（もう一度で分野の選択も解除）・詳細から一覧へ戻る
Alt+N：分野&#x3000;Alt+M：市区町村&#x3000;Alt+D：部署・機関
Ctrl+Shift+C：連絡先をコピー
Ctrl++ / Ctrl+-：文字の大きさ</source>
        <translation>Ctrl+F: go to search
↓ / Enter: from the search box into the results
Enter / double-click: open a service
Esc: clear the search (again: clear the chosen needs); from the details, back to the list
Alt+N: needs   Alt+M: municipality   Alt+D: departments
Ctrl+Shift+C: copy the contact
Ctrl++ / Ctrl+-: text size</translation>
    </message>
</context>
<context>
    <name>MigrationNotice</name>
    <message>
        <source>データベースをこの版の dvdesk の形式に更新しています（{old} → {new}）。しばらくお待ちください。</source>
        <translation>Updating the database to this version of dvdesk ({old} → {new}). Please wait.</translation>
    </message>
    <message>
        <source>データベースをこの版の dvdesk の形式に更新しました（{old} → {new}）。</source>
        <translation>The database was updated to this version of dvdesk ({old} → {new}).</translation>
    </message>
    <message>
        <source>更新前のデータベースはバックアップしました: {backup}
前の版の dvdesk に戻すときは、このバックアップを復元します（dvdesk restore）。</source>
        <translation>The database was backed up before the update: {backup}
To go back to the previous version of dvdesk, restore this backup (dvdesk restore).</translation>
    </message>
</context>
<context>
    <name>NeedPane</name>
    <message>
        <source>分野の一覧</source>
        <translation>List of needs</translation>
    </message>
    <message>
        <source>分野を選ぶと、その分野の支援だけを表示します。Ctrl キーを押しながら選ぶと複数の分野を選べます。</source>
        <translation>Choosing a need shows only the services for it. Hold Ctrl to choose several needs.</translation>
    </message>
    <message>
        <source>分野(&amp;N)</source>
        <translation>&amp;Needs</translation>
    </message>
    <message>
        <source>選択を解除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>分野の選択を解除</source>
        <translation>Clear the chosen needs</translation>
    </message>
</context>
<context>
    <name>NeedTreeModel</name>
    <message>
        <source>分野</source>
        <translation>Need</translation>
    </message>
    <message>
        <source>この分野の支援：{count}件</source>
        <translation>Services for this need: {count}</translation>
    </message>
    <message>
        <source>{label}、{count}件</source>
        <translation>{label}, {count} services</translation>
    </message>
</context>
<context>
    <name>NewReferralDialog</name>
    <message>
        <source>紹介を記録</source>
        <translation>Record a referral</translation>
    </message>
    <message>
        <source>例: {example}</source>
        <translation>e.g. {example}</translation>
    </message>
    <message>
        <source>紙の記録（ケースファイル）の番号。名前・電話番号・住所・生年月日は入力できません。</source>
        <translation>The number of the paper case file. Names, phone numbers, addresses and dates of birth cannot be entered.</translation>
    </message>
    <message>
        <source>担当相談員の名前</source>
        <translation>Counselor&apos;s name</translation>
    </message>
    <message>
        <source>DV相談として数える</source>
        <translation>Count as a DV consultation</translation>
    </message>
    <message>
        <source>サービス名・課の名前で絞り込み</source>
        <translation>Filter by service or department name</translation>
    </message>
    <message>
        <source>行ったこと（例: 市民課に連絡、窓口に同行）— 任意</source>
        <translation>What was done (e.g. called the citizens&apos; section, went with the client) — optional</translation>
    </message>
    <message>
        <source>相談者の名前・連絡先・住所は書かないでください（自動の確認は完全ではありません）。</source>
        <translation>Do not write the client&apos;s name, contact details or address (the automatic check is not perfect).</translation>
    </message>
    <message>
        <source>記録する</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>この紹介はまだ記録していません。閉じると、入力した内容は失われます。</source>
        <translation>This referral is not recorded yet. If you close, what you entered is lost.</translation>
    </message>
    <message>
        <source>閉じる（入力を捨てる）</source>
        <translation>Close (discard what I entered)</translation>
    </message>
    <message>
        <source>事例番号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>担当相談員</source>
        <translation>Counselor</translation>
    </message>
    <message>
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>紹介日</source>
        <translation>Referred on</translation>
    </message>
    <message>
        <source>相談方法</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>ニーズ（相談内容）</source>
        <translation>Needs (what the consultation is about)</translation>
    </message>
    <message>
        <source>紹介先のサービス</source>
        <translation>Services referred to</translation>
    </message>
    <message>
        <source>担当課・機関だけを選ぶ</source>
        <translation>Department or agency only</translation>
    </message>
    <message>
        <source>記録</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>{name}（{where}）</source>
        <translation>{name} ({where})</translation>
    </message>
    <message>
        <source>全国</source>
        <translation>Nationwide</translation>
    </message>
</context>
<context>
    <name>PackageKeyDialog</name>
    <message>
        <source>パッケージの署名鍵</source>
        <translation>Package signing key</translation>
    </message>
    <message>
        <source>データパッケージは市の鍵で署名されます。同じ鍵を持つ PC どうしでは、パッケージをそのまま取り込めます。鍵は1台で一度だけ作り、書き出した鍵ファイルを市の承認した USB メモリで他の PC に運んで取り込んでください。合言葉から作ると、どの PC でも同じ名前と合言葉で同じ鍵になります。</source>
        <translation>Data packages are signed with the city&apos;s key. PCs that share the key import each other&apos;s packages directly. Create the key once on one PC, export the key file and carry it to the city&apos;s other PCs on the approved USB medium, then import it there. A key made from a passphrase is the same on every PC given the same name and passphrase.</translation>
    </message>
    <message>
        <source>例: 高岡市 男女平等推進課</source>
        <translation>e.g. Takaoka City, Gender Equality Division</translation>
    </message>
    <message>
        <source>空欄なら無作為の鍵（12文字以上）</source>
        <translation>Leave empty for a random key (12 characters or more)</translation>
    </message>
    <message>
        <source>鍵の名前</source>
        <translation>Key name</translation>
    </message>
    <message>
        <source>合言葉（任意）</source>
        <translation>Passphrase (optional)</translation>
    </message>
    <message>
        <source>鍵を作る</source>
        <translation>Create key</translation>
    </message>
    <message>
        <source>鍵を書き出す…</source>
        <translation>Export key…</translation>
    </message>
    <message>
        <source>鍵を取り込む…</source>
        <translation>Import key…</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>この PC にはまだ鍵がありません。</source>
        <translation>This PC has no key yet.</translation>
    </message>
    <message>
        <source>この PC の鍵: {name}（指紋 {fp}、作成 {created}）</source>
        <translation>This PC&apos;s key: {name} (fingerprint {fp}, created {created})</translation>
    </message>
    <message>
        <source>完了しました。</source>
        <translation>Done.</translation>
    </message>
    <message>
        <source>dvdesk の鍵 (*.dvdesk-key)</source>
        <translation>dvdesk key (*.dvdesk-key)</translation>
    </message>
    <message>
        <source>鍵の書き出し先</source>
        <translation>Export the key to</translation>
    </message>
    <message>
        <source>鍵ファイル</source>
        <translation>Key file</translation>
    </message>
</context>
<context>
    <name>PrintBox</name>
    <message>
        <source>印刷</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>相談者に渡す</source>
        <translation>For the client</translation>
    </message>
    <message>
        <source>職員用（内線・職員メモ入り）</source>
        <translation>Staff copy (internal details)</translation>
    </message>
    <message>
        <source>目立たない印刷</source>
        <translation>Discreet printout</translation>
    </message>
    <message>
        <source>何の手続きか分からない題名と言葉にします</source>
        <translation>A neutral title and wording: the paper does not say what it is about</translation>
    </message>
    <message>
        <source>印刷するもの</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>言語</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>プレビュー…</source>
        <translation>Preview…</translation>
    </message>
    <message>
        <source>印刷…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>PDFに保存…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>窓口を確認してください</source>
        <translation>Please confirm the window</translation>
    </message>
    <message>
        <source>次の手続きは、担当の窓口が資料にありません。窓口を確認してください。

{items}

「窓口を指定…」で入力できます。このまま印刷すると、紙には窓口の記入欄が入ります。印刷しますか？</source>
        <translation>No source names the window for these procedures. Please confirm the window.

{items}

You can type it with “Set the window…”. If you print now, the paper gets a line to write the window in. Print anyway?</translation>
    </message>
    <message>
        <source>印刷用の文字（フォント）にない文字「{chars}」があります。このままでは印刷・保存できません（紙には □ と出ます）。消すか、別の書き方にしてください。</source>
        <translation>“{chars}” is in no font for printing: it cannot be printed or saved as it is (the paper would show □). Delete it or write it another way.</translation>
    </message>
    <message>
        <source>相談者へのメモ</source>
        <translation>the note for the client</translation>
    </message>
    <message>
        <source>自由記入の項目とメモは翻訳されません。{texts}は、{language}の用紙にも入力したとおり（日本語のまま）印刷されます。</source>
        <translation>Typed lines and the note are not translated: {texts} will print as typed (in Japanese) on the {language} copy.</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{named}ほか{more}件</source>
        <translation>{named} and {more} more</translation>
    </message>
    <message>
        <source>目立たない印刷には、持ち物と注意は印刷されません。{items}の持ち物・注意は、相談者に口頭で伝えてください。</source>
        <translation>A discreet copy does not print what to bring or the cautions. Tell the client those of {items} aloud.</translation>
    </message>
    <message>
        <source>印刷プレビュー — {title}</source>
        <translation>Print preview — {title}</translation>
    </message>
    <message>
        <source>PDFに保存</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>保存しました（{pages} ページ）: {path}</source>
        <translation>Saved ({pages} pages): {path}</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>印刷用の文字（フォント）にない文字があるため、印刷・保存を中止しました（紙には □ や ■ と出ます）: {chars}（「{text}」）。その文字を消すか、別の書き方（ローマ字など）にしてください。</source>
        <translation>Printing and saving were stopped because some characters are not in the print fonts (they would come out as □ or ■ on paper): {chars} (“{text}”). Delete them or write them another way (in Latin letters, for example).</translation>
    </message>
    <message>
        <source>用紙に載らない内容があったため、印刷・保存を中止しました（{lost}）。項目を減らすか、内容を確認してください。</source>
        <translation>Printing and saving were stopped because some content would not fit on the pages ({lost}). Remove items or check the content.</translation>
    </message>
    <message>
        <source>印刷を開始できませんでした（プリンターまたは保存先を確認してください）。</source>
        <translation>Printing could not start (check the printer or where the file is saved).</translation>
    </message>
    <message>
        <source>PDF を保存できませんでした: {path}</source>
        <translation>The PDF could not be saved: {path}</translation>
    </message>
</context>
<context>
    <name>ProcedureHtml</name>
    <message>
        <source>窓口</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>What it is</translation>
    </message>
    <message>
        <source>持ち物</source>
        <translation>What to bring</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Caution</translation>
    </message>
    <message>
        <source>職員のみ</source>
        <translation>Staff only</translation>
    </message>
    <message>
        <source>職員メモ</source>
        <translation>Staff note</translation>
    </message>
    <message>
        <source>「チェックリストに追加」（Alt+L）で相談者のチェックリストに加えられます。</source>
        <translation>“Add to checklist” (Alt+L) puts it on the client&apos;s checklist.</translation>
    </message>
    <message>
        <source>チェックリストに加えるには、上の「市区町村」を選んでください。</source>
        <translation>To add it to a checklist, choose the municipality above.</translation>
    </message>
    <message>
        <source>手続き</source>
        <translation>Procedure</translation>
    </message>
</context>
<context>
    <name>QueueEventModel</name>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>記録した窓口</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>記録</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>紹介元</source>
        <translation>Referring desk</translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <source>事例番号</source>
        <translation>Case ref.</translation>
    </message>
    <message>
        <source>紹介日</source>
        <translation>Referred on</translation>
    </message>
    <message>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>最終更新</source>
        <translation>Last update</translation>
    </message>
    <message>
        <source>ニーズ</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>紹介した相談員</source>
        <translation>Referred by</translation>
    </message>
    <message>
        <source>{date}（{days}日前）</source>
        <translation>{date} ({days} days ago)</translation>
    </message>
    <message>
        <source>{date}（今日）</source>
        <translation>{date} (today)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>{kind}を追加</source>
        <translation>Add {kind}</translation>
    </message>
    <message>
        <source>{kind}を編集</source>
        <translation>Edit {kind}</translation>
    </message>
    <message>
        <source>団体コード（6桁）</source>
        <translation>Local government code (6 digits)</translation>
    </message>
    <message>
        <source>空欄なら自動で付けます</source>
        <translation>Leave empty to assign one automatically</translation>
    </message>
    <message>
        <source>団体コード</source>
        <translation>Local government code</translation>
    </message>
    <message>
        <source>キー</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>連絡先（電話・窓口・受付時間）</source>
        <translation>Contacts (phone, counter, opening hours)</translation>
    </message>
    <message>
        <source>出典と確認（確認日は一覧の「確認済みにする」で記録します）</source>
        <translation>Source and verification (record the date with “Mark as verified” in the list)</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>この{kind}の変更はまだ保存していません。閉じると、変更した内容は失われます。</source>
        <translation>Your changes to this record ({kind}) are not saved yet. If you close, they are lost.</translation>
    </message>
    <message>
        <source>閉じる（変更を捨てる）</source>
        <translation>Close (discard the changes)</translation>
    </message>
    <message>
        <source>ほか{n}件</source>
        <translation>and {n} more</translation>
    </message>
    <message>
        <source>取組の紐付けが外れます</source>
        <translation>Records lose their link to a measure</translation>
    </message>
    <message>
        <source>保存すると、次の{n}件の記録から取組の紐付けが外れます（変更履歴に残ります）。</source>
        <translation>Saving unlinks the following {n} records from a measure (the change history keeps it).</translation>
    </message>
    <message>
        <source>保存する</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>変更を破棄し、ほかの管理者が保存した内容を読み直しました。</source>
        <translation>Your changes were discarded; the record as the other administrator saved it has been reloaded.</translation>
    </message>
    <message>
        <source>同時に編集されています</source>
        <translation>Edited at the same time</translation>
    </message>
    <message>
        <source>（変更された項目を特定できませんでした）</source>
        <translation>(the changed fields could not be determined)</translation>
    </message>
    <message>
        <source>自分の内容で上書きする</source>
        <translation>Overwrite with mine</translation>
    </message>
    <message>
        <source>自分の変更を破棄して読み直す</source>
        <translation>Discard mine and reload</translation>
    </message>
    <message>
        <source>編集に戻る</source>
        <translation>Back to editing</translation>
    </message>
    <message>
        <source>保存できません。次の点を直してください。</source>
        <translation>Cannot save. Please fix the following:</translation>
    </message>
    <message>
        <source>・{problem}</source>
        <translation>• {problem}</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>紹介記録</source>
        <translation>referral(s)</translation>
    </message>
    <message>
        <source>紹介の状況の変更</source>
        <translation>referral status change(s)</translation>
    </message>
    <message>
        <source>相談件数の記録</source>
        <translation>consultation count record(s)</translation>
    </message>
    <message>
        <source>紹介記録の紹介先</source>
        <translation>referral target(s)</translation>
    </message>
    <message>
        <source>紹介記録のニーズ分類</source>
        <translation>need category entries of referrals</translation>
    </message>
    <message>
        <source>読めない紹介記録に付いた紹介の状況の変更</source>
        <translation>status change(s) of unreadable referrals</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{what} {n}件</source>
        <translation>{n} {what}</translation>
    </message>
    <message>
        <source>記録 0件</source>
        <translation>no records</translation>
    </message>
    <message>
        <source>{what}（件数は分かりません）</source>
        <translation>{what} (how many is not known)</translation>
    </message>
    <message>
        <source>読めなかった{what} {n}件</source>
        <translation>{n} unreadable {what}</translation>
    </message>
    <message>
        <source>読めなかった{what}（件数は分かりません）</source>
        <translation>unreadable {what} (how many is not known)</translation>
    </message>
    <message>
        <source>読めたが入れられなかった{what} {n}件</source>
        <translation>{n} {what} read but not accepted by the recovered data</translation>
    </message>
    <message>
        <source>読めない・入れられない紹介記録に付いていた紹介の状況の変更 {n}件</source>
        <translation>{n} status change(s) of referrals that could not be read or put in</translation>
    </message>
    <message>
        <source>注意: 壊れたファイルは読めなかったため、復元したデータより後に記録した紹介記録や相談件数があったかは分かりません（壊れたファイルは {path} に保管しています）</source>
        <translation>Note: the damaged file could not be read, so it is not known whether referrals or consultation counts were recorded after the recovered data (the damaged file is kept at {path}).</translation>
    </message>
    <message>
        <source>壊れたファイルから読めた{read} は、復元したデータに入れました。</source>
        <translation>What could be read from the damaged file ({read}) was put into the recovered data.</translation>
    </message>
    <message>
        <source>壊れたファイルから読めた{read} は、復元したデータに入れました（うちバックアップより新しいもの: {newer}）。</source>
        <translation>What could be read from the damaged file ({read}) was put into the recovered data (newer than the backup: {newer}).</translation>
    </message>
    <message>
        <source>バックアップの後に削除された紹介記録 {n}件は、復元したデータからも除きました。</source>
        <translation>{n} referral(s) deleted after the backup were left out of the recovered data too.</translation>
    </message>
    <message>
        <source>別の PC（窓口）のファイルで上書きされていた場合は削除ではありません: それらはバックアップの写し {path} に残しています。</source>
        <translation>If this file had been overwritten by another PC&apos;s (desk&apos;s) file, they were not deleted: they are kept in a copy of the backup, {path}.</translation>
    </message>
    <message>
        <source>別の PC（窓口）のファイルで上書きされていた場合は削除ではありません: それらはバックアップ {path} にあります（古いバックアップは自動で消されます。すぐに管理者に相談してください）。</source>
        <translation>If this file had been overwritten by another PC&apos;s (desk&apos;s) file, they were not deleted: they are in the backup {path} (old backups are removed automatically: consult your administrator now).</translation>
    </message>
    <message>
        <source>注意: {lost} は、復元したデータにありません。</source>
        <translation>Note: the recovered data does not hold {lost}.</translation>
    </message>
    <message>
        <source>壊れたファイルから読めた{read} は、バックアップの方が新しいため入れていません。</source>
        <translation>{read} read from the damaged file were not put in: the backup holds newer ones.</translation>
    </message>
    <message>
        <source>読めなかった{what} {n}件 は、バックアップの時の件数のままです（その後に直した件数は分かりません）。</source>
        <translation>{n} unreadable {what} keep the numbers of the backup (whether they were changed after it is unknown).</translation>
    </message>
    <message>
        <source>壊れたファイルは {path} に保管しています。消さずに管理者に相談してください。</source>
        <translation>The damaged file is kept at {path}. Do not delete it; consult your administrator.</translation>
    </message>
    <message>
        <source>注意: データベースのファイルはありませんでしたが、書き込み途中の記録のファイル（{names}）が残っていました。バックアップより後の紹介記録や相談件数を含んでいるかもしれないため、{path} に保管しています。消さずに管理者に相談してください。</source>
        <translation>Note: the database file was missing, but files of writes in progress ({names}) were left beside it. They may hold referrals or consultation counts recorded after the backup, so they are kept in {path}. Do not delete them; ask your administrator.</translation>
    </message>
    <message>
        <source>壊れたファイルからは紹介記録・相談件数を読み出せません。</source>
        <translation>No referrals or consultation counts can be read from the damaged file.</translation>
    </message>
    <message>
        <source>壊れたファイルに、読み出す紹介記録・相談件数はありません。</source>
        <translation>The damaged file holds no referrals or consultation counts to read.</translation>
    </message>
    <message>
        <source>壊れたファイルから読める{read} は、始めるときに復元したデータへ入れます。</source>
        <translation>What can be read from the damaged file ({read}) will be put into the recovered data when it starts.</translation>
    </message>
    <message>
        <source>読めないもの: {bad}</source>
        <translation>Cannot be read: {bad}</translation>
    </message>
</context>
<context>
    <name>ReferralLogWindow</name>
    <message>
        <source>連絡済みにする</source>
        <translation>Mark as contacted</translation>
    </message>
    <message>
        <source>対応完了にする</source>
        <translation>Mark as done</translation>
    </message>
    <message>
        <source>不調として終了</source>
        <translation>Close as not worked out</translation>
    </message>
    <message>
        <source>紹介記録 — dvdesk</source>
        <translation>Referral log — dvdesk</translation>
    </message>
    <message>
        <source>これらを表示</source>
        <translation>Show these</translation>
    </message>
    <message>
        <source>＋ 新しい紹介を記録…</source>
        <translation>+ Record a new referral…</translation>
    </message>
    <message>
        <source>未完了のみ表示</source>
        <translation>Open referrals only</translation>
    </message>
    <message>
        <source>リマインド対象のみ</source>
        <translation>Due for a reminder only</translation>
    </message>
    <message>
        <source> 日</source>
        <translation> days</translation>
    </message>
    <message>
        <source>紹介を選ぶと、経過と操作が表示されます。</source>
        <translation>Choose a referral to see its progress and actions.</translation>
    </message>
    <message>
        <source>行ったこと（例: 市民課に連絡）— 状況の変更にも添えられます</source>
        <translation>What was done (e.g. called the citizens&apos; section) — also added to a status change</translation>
    </message>
    <message>
        <source>記録を追加</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>この紹介を削除…</source>
        <translation>Delete this referral…</translation>
    </message>
    <message>
        <source>削除する</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>やめる</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>更新がない紹介をリマインドするまで</source>
        <translation>Remind when not updated for</translation>
    </message>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>この紹介記録と経過をすべて削除します。よろしいですか？</source>
        <translation>This deletes the referral and all its progress notes. Are you sure?</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{case}（{days}日）</source>
        <translation>{case} ({days} days)</translation>
    </message>
    <message>
        <source> ほか{count}件</source>
        <translation> and {count} more</translation>
    </message>
    <message>
        <source>⚠ {days}日以上更新のない紹介が{count}件あります: {listed}{more}&#x3000;— 紹介先に状況を確認し、記録してください。</source>
        <translation>⚠ Referrals not updated for {days} days or more: {count} — {listed}{more}. Check with the department and record what happened.</translation>
    </message>
    <message>
        <source>（未分類）</source>
        <translation>(unclassified)</translation>
    </message>
    <message>
        <source>紹介から{days}日</source>
        <translation>{days} days since referral</translation>
    </message>
    <message>
        <source>&lt;b&gt;{case}&lt;/b&gt;&#x3000;{date}&#x3000;{channel}&#x3000;担当: {counselor}&#x3000;&lt;b&gt;{status}&lt;/b&gt;（{age}）&lt;br&gt;紹介先: {targets}&lt;br&gt;ニーズ: {needs}</source>
        <translation>&lt;b&gt;{case}&lt;/b&gt; · {date} · {channel} · Counselor: {counselor} · &lt;b&gt;{status}&lt;/b&gt; ({age})&lt;br&gt;Referred to: {targets}&lt;br&gt;Needs: {needs}</translation>
    </message>
    <message>
        <source>{case} を「{status}」にしました。</source>
        <translation>{case} is now “{status}”.</translation>
    </message>
    <message>
        <source>{case} に記録を追加しました。</source>
        <translation>Note added to {case}.</translation>
    </message>
    <message>
        <source>{case} の紹介記録を削除しました。</source>
        <translation>Referral {case} deleted.</translation>
    </message>
    <message>
        <source>リマインドを{days}日にしました。</source>
        <translation>Reminder set to {days} days.</translation>
    </message>
    <message>
        <source>{case} を記録しました。</source>
        <translation>Referral {case} recorded.</translation>
    </message>
</context>
<context>
    <name>ReferralQueueWindow</name>
    <message>
        <source>受付する</source>
        <translation>Mark received</translation>
    </message>
    <message>
        <source>連絡済みにする</source>
        <translation>Mark contacted</translation>
    </message>
    <message>
        <source>対応完了にする</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <source>不調として終了</source>
        <translation>Close as not resolved</translation>
    </message>
    <message>
        <source>受付一覧（この課宛ての紹介） — dvdesk</source>
        <translation>Incoming referrals (to this department) — dvdesk</translation>
    </message>
    <message>
        <source>終了したものも表示</source>
        <translation>Show closed ones too</translation>
    </message>
    <message>
        <source>紹介を選ぶと、経過と操作が表示されます。</source>
        <translation>Select a referral to see its history and actions.</translation>
    </message>
    <message>
        <source>行ったこと（例: 本人と面談の日を調整）— 名前・連絡先は書かない</source>
        <translation>What was done (e.g. arranged a meeting date) — no names or contact details</translation>
    </message>
    <message>
        <source>受け付ける課・機関</source>
        <translation>Receiving department</translation>
    </message>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>（選んでください）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>この PC が受け付ける課・機関を選ぶと、その課宛ての紹介が表示されます。</source>
        <translation>Choose the department this PC receives referrals for; referrals addressed to it are listed here.</translation>
    </message>
    <message>
        <source>最終確認 {time}</source>
        <translation>Last checked {time}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{case}&#x3000;{date}&#x3000;紹介した相談員: {counselor}&#x3000;状況: {status}
紹介先: {targets}</source>
        <translation>{case}  {date}  Referred by: {counselor}  Status: {status}
Referred to: {targets}</translation>
    </message>
    <message>
        <source>{case} を「{status}」にしました。</source>
        <translation>{case} set to “{status}”.</translation>
    </message>
</context>
<context>
    <name>ReferralTableModel</name>
    <message>
        <source>事例番号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>紹介日</source>
        <translation>Referred on</translation>
    </message>
    <message>
        <source>紹介先</source>
        <translation>Referred to</translation>
    </message>
    <message>
        <source>ニーズ</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>経過</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>最終更新</source>
        <translation>Last update</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Counselor</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{days}日</source>
        <translation>{days} days</translation>
    </message>
    <message>
        <source>{date}（{days}日前）</source>
        <translation>{date} ({days} days ago)</translation>
    </message>
    <message>
        <source>{date}（今日）</source>
        <translation>{date} (today)</translation>
    </message>
</context>
<context>
    <name>ReportTab</name>
    <message>
        <source>グラフを画像で保存…</source>
        <translation>Save chart as image…</translation>
    </message>
    <message>
        <source>DV相談</source>
        <translation>DV consultations</translation>
    </message>
    <message>
        <source>DV以外</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>支援・サービス</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>提供する部署・機関</source>
        <translation>Provided by</translation>
    </message>
    <message>
        <source>地域</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>24時間</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>詳細を参照</source>
        <translation>see details</translation>
    </message>
    <message>
        <source>未登録</source>
        <translation>Not recorded</translation>
    </message>
</context>
<context>
    <name>ResultsPane</name>
    <message>
        <source>例：シェルター、住まい、弁護士、子ども（Ctrl+F）</source>
        <translation>e.g. シェルター, 住まい, 弁護士, 子ども (Ctrl+F)</translation>
    </message>
    <message>
        <source>検索</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>入力すると結果がすぐに変わります。↓ か Enter で結果の一覧へ移動します。</source>
        <translation>Results change as you type. Press ↓ or Enter to move into the results.</translation>
    </message>
    <message>
        <source>検索(&amp;S)</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>啓発・庁内の取組も表示(&amp;I)</source>
        <translation>&amp;Include awareness and internal measures</translation>
    </message>
    <message>
        <source>計画にある啓発・予防や庁内の取組も一覧に含めます</source>
        <translation>Also list the plans&apos; awareness, prevention and internal measures</translation>
    </message>
    <message>
        <source>チェックリストに追加(&amp;L)</source>
        <translation>Add to check&amp;list</translation>
    </message>
    <message>
        <source>選んだ手続き・支援を、開いているチェックリストに加えます</source>
        <translation>Adds the selected procedure or service to the open checklist</translation>
    </message>
    <message>
        <source>チェックリストに追加</source>
        <translation>Add to checklist</translation>
    </message>
    <message>
        <source>検索結果</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>{words}の語で探した結果を先に、入力した文のままで見つかったものを後に並べました。</source>
        <translation>The list shows what the words {words} find first, then what the sentence as typed finds.</translation>
    </message>
    <message>
        <source>入力した文のままで見つかった{n}件の後に、{words}の語で探した結果を並べました。</source>
        <translation>After the {n} found for the sentence as typed, the list shows what the words {words} find.</translation>
    </message>
    <message>
        <source>入力した文のままでは見つからないため、{words}の語で探しました。</source>
        <translation>Nothing matched the sentence as typed, so the list shows what the words {words} find.</translation>
    </message>
    <message>
        <source>該当する支援は見つかりませんでした。言葉を変えるか、分野の選択を解除してください。</source>
        <translation>Nothing found. Try other words or clear the chosen needs.</translation>
    </message>
    <message>
        <source>{n}件以上</source>
        <translation>{n} or more results</translation>
    </message>
    <message>
        <source>{n}件あります。言葉や分野で絞り込んでください。</source>
        <translation>{n} results. Narrow down with words or needs.</translation>
    </message>
    <message>
        <source>{n}件</source>
        <translation>{n} results</translation>
    </message>
    <message>
        <source>検索語は{n}文字までです（それより後は使っていません）。</source>
        <translation>Searches use at most {n} characters (the rest was left out). </translation>
    </message>
    <message>
        <source>ほかに啓発・庁内の取組 {n}件以上 — &lt;a href=&quot;show&quot;&gt;表示&lt;/a&gt;</source>
        <translation>{n} or more prevention or internal items — &lt;a href=&quot;show&quot;&gt;show&lt;/a&gt;</translation>
    </message>
    <message>
        <source>ほかに啓発・庁内の取組 {n}件 — &lt;a href=&quot;show&quot;&gt;表示&lt;/a&gt;</source>
        <translation>{n} more prevention or internal items — &lt;a href=&quot;show&quot;&gt;show&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>ScopeModel</name>
    <message>
        <source>データに書かれた市区町村のとおり（書かれていない記録があれば選んでください）</source>
        <translation>As the data states (choose one if some records name no municipality)</translation>
    </message>
    <message>
        <source>全国の窓口として取り込む（市区町村の書かれていない記録）</source>
        <translation>Import as nationwide services (records that name no municipality)</translation>
    </message>
    <message>
        <source>{name}（{code}）: 市区町村の書かれていない記録</source>
        <translation>{name} ({code}): records that name no municipality</translation>
    </message>
</context>
<context>
    <name>ServerBanner</name>
    <message>
        <source>⚠ 共有サーバーに接続できません（{since} から）。検索・ディレクトリ・チェックシートは、この PC の控え（{copy} 時点）で使えます。紹介の記録と状況の変更は、失われないよう受け付けません。サーバーが戻ると自動で元に戻ります。</source>
        <translation>⚠ The shared server cannot be reached (since {since}). Search, the directory and the checklist work from this PC&apos;s copy (as of {copy}). Referrals and status changes are not accepted, so that none is lost. Everything returns to normal by itself when the server is back.</translation>
    </message>
    <message>
        <source>不明</source>
        <translation>unknown</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>設定を保存できませんでした</source>
        <translation>Settings not saved</translation>
    </message>
    <message>
        <source>「{what}」の変更を保存できませんでした。ディスクがいっぱいか、設定のファイルに書き込めません:
{file}

この変更は dvdesk を閉じるまで使われます。保存できないままだと、次に起動したときは元の設定に戻ります。</source>
        <translation>The change of “{what}” could not be saved. The disk is full, or the settings file cannot be written:
{file}

The change is used until dvdesk is closed. If it still cannot be saved, the next start uses the earlier setting.</translation>
    </message>
    <message>
        <source>画面の配置</source>
        <translation>Window layout</translation>
    </message>
    <message>
        <source>表示の言語</source>
        <translation>Display language</translation>
    </message>
    <message>
        <source>文字の大きさ</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>啓発・庁内の取組も表示</source>
        <translation>Include awareness and internal measures</translation>
    </message>
    <message>
        <source>この端末の部署</source>
        <translation>This PC&apos;s department</translation>
    </message>
</context>
<context>
    <name>SetupNotice</name>
    <message>
        <source>市区町村を選ぶ</source>
        <translation>Choose the municipality</translation>
    </message>
    <message>
        <source>初期設定（管理者）…</source>
        <translation>First-run setup (administrator)…</translation>
    </message>
    <message>
        <source>など</source>
        <translation>, etc.</translation>
    </message>
    <message>
        <source>{names}と全国の窓口</source>
        <translation>{names} and the national lines</translation>
    </message>
    <message>
        <source>全国の窓口</source>
        <translation>the national lines</translation>
    </message>
    <message>
        <source>このパソコンの市区町村がまだ決まっていません。いまは全市区町村（{places}）をまとめて表示しています。上の「市区町村」で選んでください。一覧にない市区町村は、管理者が「初期設定」で登録します。</source>
        <translation>This PC&apos;s municipality has not been chosen yet. The desk now shows every municipality together ({places}). Choose yours in “Municipality” above. A municipality not in the list is added by the administrator in “First-run setup”.</translation>
    </message>
</context>
<context>
    <name>SharedDesk</name>
    <message>
        <source>受付一覧（この課宛ての紹介）…</source>
        <translation>Incoming referrals (to this department)…</translation>
    </message>
    <message>
        <source>共有サーバーの検索語がこの dvdesk より古い版のままです（{n} 語が未登録）。サーバーの管理者に dvdesk server-setup の実行を依頼してください。</source>
        <translation>The shared server&apos;s search words are older than this dvdesk&apos;s ({n} words missing). Ask the server&apos;s administrator to run dvdesk server-setup.</translation>
    </message>
</context>
<context>
    <name>SheetMappingDialog</name>
    <message>
        <source>シート</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>見出し</source>
        <translation>Heading</translation>
    </message>
    <message>
        <source>取り込む項目</source>
        <translation>Imported as</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>例</source>
        <translation>Examples</translation>
    </message>
    <message>
        <source>（読まない）</source>
        <translation>(not read)</translation>
    </message>
    <message>
        <source>表の読み方の確認: {file}</source>
        <translation>How the sheet is read: {file}</translation>
    </message>
    <message>
        <source>非表示の行も読む（既定では読み飛ばして、行ごとの結果に示します）</source>
        <translation>Read hidden rows too (by default they are skipped and listed in the row results)</translation>
    </message>
    <message>
        <source>この読み方で確認する…</source>
        <translation>Check the sheet read this way…</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>見出しから読み取った列の対応です。違っていれば「取り込む項目」を選び直してください。非表示の列は、選ばない限り読みません。</source>
        <translation>Where each column goes, read from its heading. If one is wrong, choose another field under “Imported as”. Hidden columns are read only if you choose them.</translation>
    </message>
    <message>
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>選び直した列の対応は、閉じると失われます（何も取り込まれません）。</source>
        <translation>The columns you chose again are lost if you close (nothing is imported).</translation>
    </message>
    <message>
        <source>閉じる（選び直しを捨てる）</source>
        <translation>Close (discard my choices)</translation>
    </message>
    <message>
        <source>指定: {status}</source>
        <translation>Chosen: {status}</translation>
    </message>
    <message>
        <source>シート「{sheet}」: {kind}の表、見出し {header}行目、データ {rows}行</source>
        <translation>Sheet “{sheet}”: a {kind} table, headings in row {header}, {rows} data rows</translation>
    </message>
    <message>
        <source>&#x3000;このままでは取り込めません: 市区町村の列がありません。上の「市区町村」で選んでください（全国の窓口なら「全国の窓口として取り込む」）</source>
        <translation>&#x3000;Cannot be imported yet: there is no municipality column. Choose one under “Municipality” above (for national lines, “Import as national lines”).</translation>
    </message>
    <message>
        <source>&#x3000;このままでは取り込めません: {reason}</source>
        <translation>&#x3000;Cannot be imported yet: {reason}</translation>
    </message>
</context>
<context>
    <name>SlipPanel</name>
    <message>
        <source>連絡票（選んだ窓口あて）</source>
        <translation>Slip to the chosen window</translation>
    </message>
    <message>
        <source>例: R7-0142（名前は書かない）</source>
        <translation>e.g. R7-0142 (never a name)</translation>
    </message>
    <message>
        <source>担当相談員</source>
        <translation>Counselor</translation>
    </message>
    <message>
        <source>所属</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>内線</source>
        <translation>Extension</translation>
    </message>
    <message>
        <source>事例番号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>DV相談として数える</source>
        <translation>Count as a DV consultation</translation>
    </message>
    <message>
        <source>相談方法</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>事例番号を入れると、印刷・保存と同時に紹介の記録に残ります。</source>
        <translation>With a case number, printing or saving the slip also records the referral.</translation>
    </message>
    <message>
        <source>連絡票プレビュー…</source>
        <translation>Preview slip…</translation>
    </message>
    <message>
        <source>連絡票を印刷…</source>
        <translation>Print slip…</translation>
    </message>
    <message>
        <source>連絡票をPDFに保存…</source>
        <translation>Save slip as PDF…</translation>
    </message>
    <message>
        <source>あて先: 一覧で窓口か手続きを選んでください</source>
        <translation>To: select a window or a procedure in the list</translation>
    </message>
    <message>
        <source>あて先: 窓口を確認してください（「窓口を指定…」で入力）</source>
        <translation>To: please confirm the window (type it with “Set the window…”)</translation>
    </message>
    <message>
        <source>あて先: {department}</source>
        <translation>To: {department}</translation>
    </message>
    <message>
        <source>連絡票を作る窓口（または手続き）を一覧で選んでください。</source>
        <translation>Choose the counter (or a procedure) in the list to make a slip for.</translation>
    </message>
    <message>
        <source>この連絡票の紹介は記録済みです（{case} → {department}）。もう一度は記録しません。</source>
        <translation>This slip&apos;s referral is already in the log ({case} → {department}); it is not recorded again.</translation>
    </message>
    <message>
        <source>連絡票は出力しました。紹介の記録について: {reason}</source>
        <translation>The slip is out. About the referral record: {reason}</translation>
    </message>
    <message>
        <source>連絡票は出力しましたが、紹介の記録はできませんでした: {reason}</source>
        <translation>The slip was made, but the referral could not be recorded: {reason}</translation>
    </message>
    <message>
        <source>紹介の記録に残しました（{case} → {department}、{how}、ニーズ: {needs}）。</source>
        <translation>Recorded in the referral log ({case} → {department}, {how}, needs: {needs}).</translation>
    </message>
    <message>
        <source>事例番号の確認</source>
        <translation>Check the case reference</translation>
    </message>
    <message>
        <source>この連絡票は、先に事例番号「{earlier}」でも紹介の記録に残しています。このままでは紹介が2件と数えられます。

事例番号の入力を直したのなら「はい」: 「{earlier}」の記録を削除し、「{case}」だけを残します。
別の相談者の紹介なら「いいえ」: 両方を残します。</source>
        <translation>This slip was also recorded earlier under case reference “{earlier}”. As it is, the referral would be counted twice.

If you corrected the case reference, choose Yes: the record “{earlier}” is deleted and only “{case}” is kept.
If this is another client’s referral, choose No: both are kept.</translation>
    </message>
    <message>
        <source>「{earlier}」の記録も残っています。</source>
        <translation> The referral recorded as “{earlier}” is kept too.</translation>
    </message>
    <message>
        <source>「{case}」の記録を削除できませんでした: {reason}</source>
        <translation>The referral recorded as “{case}” could not be deleted: {reason}</translation>
    </message>
    <message>
        <source>「{case}」の記録は削除しました。</source>
        <translation> The referral recorded as “{case}” was deleted.</translation>
    </message>
    <message>
        <source>{channel}・DV</source>
        <translation>{channel}, DV</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>未分類</source>
        <translation>Unclassified</translation>
    </message>
    <message>
        <source>記録済みの紹介{n}件の相談方法を直せませんでした: {reason}</source>
        <translation>Could not correct how the consultation took place in {n} recorded referral(s): {reason}</translation>
    </message>
    <message>
        <source>記録済みの紹介（{case}、{n}件）の相談方法を「{how}」に直しました。</source>
        <translation>Corrected the recorded referrals ({case}, {n}) to “{how}”.</translation>
    </message>
</context>
<context>
    <name>StatisticsWindow</name>
    <message>
        <source>相談件数の集計 — dvdesk</source>
        <translation>Consultation statistics — dvdesk</translation>
    </message>
    <message>
        <source>件数を入力…</source>
        <translation>Enter counts…</translation>
    </message>
    <message>
        <source>Excel に出力…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>CSV に出力…</source>
        <translation>Export to CSV…</translation>
    </message>
    <message>
        <source>月別（相談方法別）</source>
        <translation>By month (by channel)</translation>
    </message>
    <message>
        <source>担当課・機関別</source>
        <translation>By department or agency</translation>
    </message>
    <message>
        <source>ニーズ別</source>
        <translation>By need</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Fiscal year</translation>
    </message>
    <message>
        <source>集計のもと</source>
        <translation>Counted from</translation>
    </message>
    <message>
        <source>{label}（{year}年度）</source>
        <translation>{label} (from April {year})</translation>
    </message>
    <message>
        <source>（{percent}）</source>
        <translation> ({percent})</translation>
    </message>
    <message>
        <source>紹介件数</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <source>相談件数</source>
        <translation>Consultations</translation>
    </message>
    <message>
        <source>{year}&#x3000;{what} {total}件&#x3000;うちDV {dv}件{ratio}</source>
        <translation>{year}   {what}: {total}   of which DV: {dv}{ratio}</translation>
    </message>
    <message>
        <source>{period}&#x3000;集計のもと: {source}&#x3000;{date} 作成</source>
        <translation>{period}   Counted from: {source}   Made {date}</translation>
    </message>
    <message>
        <source>{year} 月別{what}（相談方法別）</source>
        <translation>{year}: {what} by month (by channel)</translation>
    </message>
    <message>
        <source>{year} 担当課・機関別{what}</source>
        <translation>{year}: {what} by department or agency</translation>
    </message>
    <message>
        <source>{year} ニーズ別{what}</source>
        <translation>{year}: {what} by need</translation>
    </message>
    <message>
        <source>集計</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Excel ファイルに保存しました: {path}</source>
        <translation>Saved the Excel file: {path}</translation>
    </message>
    <message>
        <source>CSV（{encoding}）に保存しました: {path}</source>
        <translation>Saved as CSV ({encoding}): {path}</translation>
    </message>
    <message>
        <source>画像を保存できませんでした: {path}</source>
        <translation>The image could not be saved: {path}</translation>
    </message>
    <message>
        <source>グラフを画像に保存しました: {path}</source>
        <translation>Saved the chart as an image: {path}</translation>
    </message>
    <message>
        <source>Excel に出力</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>Excel ブック (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV UTF-8・Excel向け (*.csv)</source>
        <translation>CSV UTF-8, for Excel (*.csv)</translation>
    </message>
    <message>
        <source>CSV Shift_JIS・CP932 (*.csv)</source>
        <translation>CSV Shift_JIS / CP932 (*.csv)</translation>
    </message>
    <message>
        <source>CSV に出力</source>
        <translation>Export to CSV</translation>
    </message>
    <message>
        <source>グラフを画像で保存</source>
        <translation>Save chart as image</translation>
    </message>
    <message>
        <source>PNG 画像 (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
</context>
<context>
    <name>StorageError</name>
    <message>
        <source>サーバーに接続できないため保存できません（この PC には保存していません）。入力した内容を控えておき、サーバーが戻ってから（画面上の表示が消えてから）もう一度保存してください。</source>
        <translation>Cannot save: the server cannot be reached (nothing was saved on this PC). Note down what you entered and save it again once the server is back (when the notice at the top disappears).</translation>
    </message>
    <message>
        <source>サーバーに接続できないため、紹介記録と相談件数は表示できません（この PC の控えにはディレクトリだけを置いています）。サーバーが戻ると表示されます。</source>
        <translation>The referral log and the consultation counts cannot be shown: the server cannot be reached (this PC&apos;s copy holds only the directory). They are shown again when the server is back.</translation>
    </message>
    <message>
        <source>共有サーバーとの接続が途中で切れたため、表示を更新できませんでした。この PC の控えに切り替えたので、もう一度操作してください（紹介記録と相談件数は、サーバーが戻ると表示されます）。</source>
        <translation>The connection to the shared server was lost part-way, so the view could not be updated. This PC has switched to its local copy: please do it again (referrals and consultation counts are shown again when the server is back).</translation>
    </message>
    <message>
        <source>保存の途中で共有サーバーとの接続が切れたため、保存されたかどうかを確かめられません。二重に記録しないよう、サーバーにつながってから一覧で確かめ、記録されていなければもう一度保存してください。</source>
        <translation>The connection to the shared server was lost while saving, so whether it was saved cannot be told. To avoid recording it twice, check the list once the server is back and save again only if it is not there.</translation>
    </message>
    <message>
        <source>データベースを開けませんでした。</source>
        <translation>The database could not be opened.</translation>
    </message>
    <message>
        <source>ほかの dvdesk（前の版を含む）がこのデータベースを開いているため、この版の形式に更新できません。すべての dvdesk の画面を閉じてから、もう一度起動してください。何も変更していません。</source>
        <translation>Another dvdesk (perhaps the previous version) has this database open, so it cannot be updated to this version. Close every dvdesk window, then start again. Nothing was changed.</translation>
    </message>
    <message>
        <source>このバックアップは新しい版の dvdesk で作られているため、この版では復元できません。何も変更していません。dvdesk を更新してから復元してください。</source>
        <translation>This backup was made by a newer version of dvdesk and cannot be restored by this version. Nothing was changed. Update dvdesk, then restore it.</translation>
    </message>
    <message>
        <source>データベースをこの版の dvdesk の形式に更新できませんでした。ファイルは更新前のまま変わっていません（前の版の dvdesk でそのまま使えます）。更新前のバックアップも残っています。管理者に連絡してください。</source>
        <translation>The database could not be updated to this version of dvdesk. The file is unchanged (the previous version of dvdesk can still use it), and the backup taken before the update is kept. Please contact the administrator.</translation>
    </message>
    <message>
        <source>データベースのファイルが壊れています。</source>
        <translation>The database file is damaged.</translation>
    </message>
    <message>
        <source>このデータベースは新しい版の dvdesk で作られているため、この版では開けません。何も変更していません。dvdesk を新しい版に更新してください。</source>
        <translation>This database was made by a newer version of dvdesk, so this version cannot open it. Nothing was changed. Please update dvdesk to the newer version.</translation>
    </message>
    <message>
        <source>別の dvdesk がデータベースを更新中です。しばらくしてからもう一度お試しください。</source>
        <translation>Another dvdesk is updating the database. Please try again in a moment.</translation>
    </message>
    <message>
        <source>別の管理者が共有サーバーのディレクトリを更新中です（取り込みか保存）。何も変更していません。終わってから、もう一度お試しください。</source>
        <translation>Another administrator is updating the directory on the shared server (an import or a save). Nothing was changed. Try again once it has finished.</translation>
    </message>
    <message>
        <source>ディスクの空きがありません。変更やバックアップは保存されず（書きかけのファイルも残さず）、これまでのデータはそのまま残っています。</source>
        <translation>The disk is full. Changes and backups were not saved (no half-written file is left) and your data is as it was.</translation>
    </message>
    <message>
        <source>データのフォルダが読み取り専用のため書き込めません。書き込めるようにしてからもう一度お試しください。これまでのデータはそのまま残っています。</source>
        <translation>The data folder is read-only, so nothing can be written. Make it writable and try again. Your data is as it was.</translation>
    </message>
    <message>
        <source>データベースのファイルが読み取り専用のため書き込めません。書き込めるようにしてからもう一度お試しください。ファイルは壊れていません。</source>
        <translation>The database file is read-only, so nothing can be written. Make it writable and try again. The file is not damaged.</translation>
    </message>
    <message>
        <source>データベースのファイルが空です（中身がありません）。正常なバックアップがあります。</source>
        <translation>The database file is empty (it holds nothing). A good backup exists.</translation>
    </message>
    <message>
        <source>データベースのファイルが見つかりません（削除されたか、移動されています）。正常なバックアップがあります。</source>
        <translation>The database file cannot be found (it was deleted or moved). A good backup exists.</translation>
    </message>
    <message>
        <source>データベースのファイルが見つかりません（削除されたか、移動されています）。書き込み途中の記録のファイルが残っています（正常なバックアップはありません）。</source>
        <translation>The database file cannot be found (it was deleted or moved). Files of writes in progress are left beside it (there is no good backup).</translation>
    </message>
    <message>
        <source>データの保存先を読み書きできません（USB メモリやネットワークのドライブが外れたか、ドライブの不具合です）。接続を確かめてから、もう一度お試しください。</source>
        <translation>The data location cannot be read or written (a USB stick or network drive was disconnected, or the drive is failing). Check the connection and try again.</translation>
    </message>
    <message>
        <source>データベースのファイルが見つかりません（開いている間に削除されたか、移動されました）。この変更は保存されていません。dvdesk を終了して、もう一度起動してください。</source>
        <translation>The database file cannot be found (it was deleted or moved while open). This change was not saved. Quit dvdesk and start it again.</translation>
    </message>
    <message>
        <source>データベースのファイルが壊れています。dvdesk をもう一度起動すると、最新の正常なバックアップから始めることができます。</source>
        <translation>The database file is damaged. Start dvdesk again to begin from the newest good backup.</translation>
    </message>
    <message>
        <source>データベースのファイルが壊れています。この変更は保存されていません。dvdesk をもう一度起動すると、最新の正常なバックアップから始めることができます。</source>
        <translation>The database file is damaged. This change was not saved. Start dvdesk again to begin from the newest good backup.</translation>
    </message>
    <message>
        <source>ほかの dvdesk（画面またはコマンド）がこのデータベースを開いています。閉じてから、もう一度お試しください。何も変更していません。</source>
        <translation>Another dvdesk (a window or a command) has this database open. Close it and try again. Nothing was changed.</translation>
    </message>
    <message>
        <source>データベースは壊れていません（検査で問題は見つかりませんでした）。何も変更していません。以前の状態に戻すときは、dvdesk backups で一覧を見て dvdesk restore 番号 を使ってください。</source>
        <translation>The database is not damaged (the check found no problem). Nothing was changed. To go back to an earlier state, list the backups with dvdesk backups and use dvdesk restore NUMBER.</translation>
    </message>
    <message>
        <source>バックアップを作れませんでした（作りかけのファイルは残していません）。</source>
        <translation>The backup could not be made (no half-written file is left).</translation>
    </message>
    <message>
        <source>データの保存先に書き込めません（読み取り専用）。これまでのデータはそのまま残っています。</source>
        <translation>The data folder cannot be written to (read-only). The existing data is intact.</translation>
    </message>
    <message>
        <source>この PC の SQLite は古すぎるか全文検索（FTS5）がありません。dvdesk の配布版をお使いください。</source>
        <translation>This PC&apos;s SQLite is too old or lacks full-text search (FTS5). Please use the packaged dvdesk.</translation>
    </message>
    <message>
        <source>この URL は使えません。--db（DVDESK_DB）には SQLite のデータベースファイルか postgresql:// で始まる共有サーバーの URL を指定してください。</source>
        <translation>This URL cannot be used. Give --db (DVDESK_DB) an SQLite database file or a shared server URL starting with postgresql://.</translation>
    </message>
    <message>
        <source>共有サーバー（PostgreSQL）に接続できません。ネットワークとサーバーの状態、この PC の接続設定（サービスファイル）を確かめてください。</source>
        <translation>Cannot connect to the shared server (PostgreSQL). Check the network, the server, and this PC&apos;s connection settings (service file).</translation>
    </message>
    <message>
        <source>共有サーバーのデータベースが準備されていないか、古い版のままです。管理者が dvdesk server-setup を実行してください。</source>
        <translation>The shared server&apos;s database is not set up or is at an older version. Ask the administrator to run dvdesk server-setup.</translation>
    </message>
    <message>
        <source>この操作をする権限がありません（共有サーバーで相談員の役割には許可されていません）。ディレクトリの変更は管理者に依頼してください。</source>
        <translation>You are not permitted to do this (the shared server does not allow it for the counselor role). Ask an administrator to change the directory.</translation>
    </message>
</context>
<context>
    <name>TemplateBox</name>
    <message>
        <source>テンプレート</source>
        <translation>Templates</translation>
    </message>
    <message>
        <source>読み込む</source>
        <translation>Load</translation>
    </message>
    <message>
        <source>保存…</source>
        <translation>Save…</translation>
    </message>
    <message>
        <source>名前変更…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <source>削除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>テンプレートの保存</source>
        <translation>Save template</translation>
    </message>
    <message>
        <source>個人情報のように見える記述があります。テンプレートは他の相談員も使います。

{warnings}

このまま保存しますか？</source>
        <translation>Something here looks like personal information. Other counselors use templates too.

{warnings}

Save anyway?</translation>
    </message>
    <message>
        <source>保存しました。ただし、指定した窓口はテンプレートに保存されません:

{windows}

読み込んだあとは「窓口を確認してください」に戻ります。そのつど「窓口を指定…」で指定してください。</source>
        <translation>Saved. But the windows you set are not saved in the template:

{windows}

When the template is loaded, they are back to &quot;Please confirm the window&quot;. Set them each time with &quot;Set window…&quot;.</translation>
    </message>
    <message>
        <source>・{procedure} → {window}</source>
        <translation>・{procedure} → {window}</translation>
    </message>
    <message>
        <source>テンプレート名（例: 子どものいる世帯の転出）
相談者へのメモは保存されません。</source>
        <translation>Template name (e.g. moving out with children)
The note for the client is not saved.</translation>
    </message>
    <message>
        <source>次の項目は現在のディレクトリにないため外しました: {items}</source>
        <translation>These items are no longer in the directory and were left out: {items}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>テンプレートの読み込み</source>
        <translation>Load a template</translation>
    </message>
    <message>
        <source>テンプレート「{name}」を読み込むと、いまの一覧（追加・削除した項目、自由記入）は置き換わります。読み込みますか？</source>
        <translation>Loading the template “{name}” replaces the list as it stands (the items you added or removed, your free-text lines). Load it?</translation>
    </message>
    <message>
        <source>名前変更</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>新しいテンプレート名</source>
        <translation>New template name</translation>
    </message>
    <message>
        <source>テンプレート「{name}」を削除しますか？</source>
        <translation>Delete the template “{name}”?</translation>
    </message>
</context>
<context>
    <name>TownLine</name>
    <message>
        <source>このパソコンの市区町村（初期設定で決めたもの）の表示に戻します</source>
        <translation>Show this PC&apos;s own municipality again (the one chosen in first-run setup)</translation>
    </message>
    <message>
        <source>全市区町村</source>
        <translation>all municipalities</translation>
    </message>
    <message>
        <source>{shown}を表示中（このパソコンは{desk}）</source>
        <translation>Showing {shown} (this PC: {desk})</translation>
    </message>
    <message>
        <source>{desk}に戻す</source>
        <translation>Back to {desk}</translation>
    </message>
</context>
<context>
    <name>VerificationReportDialog</name>
    <message>
        <source>確認レポート</source>
        <translation>Verification report</translation>
    </message>
    <message>
        <source>未確認 {never}件、1年以上確認なし {stale}件、電話番号なし {no_phone}件。一覧の「確認済みにする」で確認日を記録できます。</source>
        <translation>Never verified: {never}. Not verified for over a year: {stale}. No phone number: {no_phone}. Record a verification with “Mark as verified” in the list.</translation>
    </message>
    <message>
        <source>問題</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>全国</source>
        <translation>Nationwide</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>最終確認</source>
        <translation>Last verified</translation>
    </message>
    <message>
        <source>{date}（{who}）</source>
        <translation>{date} ({who})</translation>
    </message>
    <message>
        <source>キー</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
</context>
</TS>
