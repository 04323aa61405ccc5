<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ja">
<context>
    <name>App</name>
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
        <source>情報の確認が必要</source>
        <translation>Needs verifying</translation>
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
        <source>予期しないエラーが発生しました。もう一度お試しください。続く場合は管理者に連絡してください。</source>
        <translation>An unexpected error occurred. Please try again. If it keeps happening, contact your administrator.</translation>
    </message>
    <message>
        <source>詳しい記録: {log}</source>
        <translation>Details are in the log: {log}</translation>
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
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>チェックリストを作成…</source>
        <translation>Make a checklist…</translation>
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
Esc：検索語を消す（もう一度で分野の選択も解除）
Alt+N：分野&#x3000;Alt+M：市区町村&#x3000;Alt+D：部署・機関
Ctrl+Shift+C：連絡先をコピー
Ctrl++ / Ctrl+-：文字の大きさ</source>
        <translation>Ctrl+F: go to search
↓ / Enter: from the search box into the results
Enter / double-click: open a service
Esc: clear the search (again: clear the chosen needs)
Alt+N: needs   Alt+M: municipality   Alt+D: departments
Ctrl+Shift+C: copy the contact
Ctrl++ / Ctrl+-: text size</translation>
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
        <source>あり</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>未登録</source>
        <translation>Missing</translation>
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
        <source>検索結果</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>該当する支援は見つかりませんでした。言葉を変えるか、分野の選択を解除してください。</source>
        <translation>No matching service. Try other words or clear the chosen needs.</translation>
    </message>
    <message>
        <source>{n}件以上あります。言葉や分野で絞り込んでください。</source>
        <translation>{n} or more services. Narrow down with words or needs.</translation>
    </message>
    <message>
        <source>{n}件</source>
        <translation>{n} services</translation>
    </message>
</context>
<context>
    <name>StorageError</name>
    <message>
        <source>データベースを開けませんでした。</source>
        <translation>The database could not be opened.</translation>
    </message>
    <message>
        <source>データベースのファイルが壊れています。</source>
        <translation>The database file is damaged.</translation>
    </message>
    <message>
        <source>このデータベースは新しい版の dvdesk で作られています。dvdesk を更新してください。</source>
        <translation>This database was made by a newer version of dvdesk. Please update dvdesk.</translation>
    </message>
    <message>
        <source>別の dvdesk がデータベースを更新中です。しばらくしてからもう一度お試しください。</source>
        <translation>Another dvdesk is updating the database. Please try again in a moment.</translation>
    </message>
    <message>
        <source>ディスクの空きがありません。変更は保存されず、これまでのデータはそのまま残っています。</source>
        <translation>The disk is full. The change was not saved; the existing data is intact.</translation>
    </message>
    <message>
        <source>データの保存先に書き込めません（読み取り専用）。これまでのデータはそのまま残っています。</source>
        <translation>The data folder cannot be written to (read-only). The existing data is intact.</translation>
    </message>
    <message>
        <source>この PC の SQLite は古すぎるか全文検索（FTS5）がありません。dvdesk の配布版をお使いください。</source>
        <translation>This PC&apos;s SQLite is too old or lacks full-text search (FTS5). Please use the packaged dvdesk.</translation>
    </message>
</context>
</TS>
