<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA" sourcelanguage="en">
<context>
    <name>AdapterPage</name>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="98"/>
        <source>Adapter</source>
        <translation>Adaptateur</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="102"/>
        <source>Plug the Ethernet cable meant for the station into this laptop&apos;s RJ45 port. The wired adapter must show a link, an IPv4 address, a subnet mask and a default gateway: that proves the cable reaches the site&apos;s router.</source>
        <translation>Branchez le câble Ethernet destiné à la borne sur le port RJ45 de ce portable. L&apos;adaptateur Ethernet doit avoir une liaison, une adresse IPv4, un masque de sous-réseau et une passerelle par défaut : cela prouve que le câble mène au routeur du site.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="108"/>
        <source>&amp;Region:</source>
        <translation>&amp;Région :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="109"/>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="111"/>
        <source>Choose the station&apos;s region…</source>
        <translation>Choisissez la région de la borne…</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="117"/>
        <source>VPN endpoint: {host}</source>
        <translation>Point de terminaison VPN : {host}</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="120"/>
        <source>&amp;Adapter to test:</source>
        <translation>A&amp;daptateur à vérifier :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="121"/>
        <source>Automatic (the wired adapter)</source>
        <translation>Automatique (l&apos;adaptateur Ethernet)</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="122"/>
        <source>Adapter to test</source>
        <translation>Adaptateur à vérifier</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="123"/>
        <source>Re&amp;fresh list</source>
        <translation>A&amp;ctualiser la liste</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="127"/>
        <source>Compare two reports</source>
        <translation>Comparer deux rapports</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="130"/>
        <source>Open the report saved before a change on the site and the one saved after it (the .json file saved beside each report) to see what changed.</source>
        <translation>Ouvrez le rapport enregistré avant une modification sur le site et celui enregistré après (le fichier .json enregistré à côté de chaque rapport) pour voir ce qui a changé.</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="134"/>
        <source>&amp;Before:</source>
        <translation>&amp;Avant :</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="135"/>
        <source>&amp;After:</source>
        <translation>A&amp;près :</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="137"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="138"/>
        <source>Choose the report before</source>
        <translation>Choisir le rapport d&apos;avant</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="139"/>
        <source>Choose the report after</source>
        <translation>Choisir le rapport d&apos;après</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="140"/>
        <source>&amp;Compare</source>
        <translation>&amp;Comparer</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="141"/>
        <source>What changed</source>
        <translation>Ce qui a changé</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="142"/>
        <source>What changed, before and after</source>
        <translation>Ce qui a changé, avant et après</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="144"/>
        <source>What</source>
        <translation>Élément</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="144"/>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="144"/>
        <source>After</source>
        <translation>Après</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="144"/>
        <source>Change</source>
        <translation>Changement</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="151"/>
        <source>Open a saved report</source>
        <translation>Ouvrir un rapport enregistré</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="153"/>
        <source>Saved report (*.json)</source>
        <translation>Rapport enregistré (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/compare.py" line="163"/>
        <source>Choose both reports first.</source>
        <translation>Choisissez d&apos;abord les deux rapports.</translation>
    </message>
</context>
<context>
    <name>DnsPage</name>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="19"/>
        <source>DNS server</source>
        <translation>Serveur DNS</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="19"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="19"/>
        <source>Time</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="19"/>
        <source>Addresses</source>
        <translation>Adresses</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="36"/>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="40"/>
        <source>The station finds ChargePoint&apos;s VPN server by its name. The site&apos;s DNS server, asked through this adapter, must resolve the VPN endpoint of your region to its public addresses, as &lt;i&gt;nslookup&lt;/i&gt; would.</source>
        <translation>La borne trouve le serveur VPN de ChargePoint par son nom. Le serveur DNS du site, interrogé par cet adaptateur, doit résoudre le point de terminaison VPN de votre région en ses adresses publiques, comme le ferait &lt;i&gt;nslookup&lt;/i&gt;.</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../app/gui/app.py" line="105"/>
        <source>Something went wrong inside {name}: {error}

The details are in {path}. Send that file to support. You can go on using the window.</source>
        <translation>Un problème est survenu dans {name} : {error}

Les détails sont dans {path}. Envoyez ce fichier au soutien technique. Vous pouvez continuer à utiliser la fenêtre.</translation>
    </message>
</context>
<context>
    <name>FirewallRulesDialog</name>
    <message>
        <location filename="../../app/gui/dialogs/firewall.py" line="88"/>
        <location filename="../../app/gui/dialogs/firewall.py" line="98"/>
        <source>Firewall rules</source>
        <translation>Règles de pare-feu</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/firewall.py" line="91"/>
        <source>Rules for the site&apos;s firewall that let the station out: by name, and by the addresses this run saw. Send them to the site&apos;s network administrator.</source>
        <translation>Règles pour le pare-feu du site qui laissent sortir la borne : par nom, et par les adresses vues lors de cette vérification. Envoyez-les à l&apos;administrateur réseau du site.</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/firewall.py" line="95"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format :</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/firewall.py" line="96"/>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/firewall.py" line="97"/>
        <source>&amp;Save…</source>
        <translation>&amp;Enregistrer…</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/firewall.py" line="107"/>
        <source>Copied.</source>
        <translation>Copié.</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/firewall.py" line="113"/>
        <source>Save firewall rules</source>
        <translation>Enregistrer les règles de pare-feu</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/firewall.py" line="125"/>
        <source>Not saved: {path}: {reason}</source>
        <translation>Non enregistré : {path} : {reason}</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/firewall.py" line="128"/>
        <source>Saved: {path}</source>
        <translation>Enregistré : {path}</translation>
    </message>
</context>
<context>
    <name>FirmwarePage</name>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="49"/>
        <source>Firmware</source>
        <translation>Microprogramme</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="53"/>
        <source>Below the minimum firmware version, Ethernet cannot be enabled on the station. On the station&apos;s screen, touch the &lt;b&gt;?&lt;/b&gt; icon (bottom right), then the &lt;b&gt;gear&lt;/b&gt;, then &lt;b&gt;About&lt;/b&gt;, and type the version shown.</source>
        <translation>Sous la version minimale du microprogramme, la connectivité Ethernet ne peut pas être activée sur la borne. Sur l&apos;écran de la borne, touchez l&apos;icône &lt;b&gt;?&lt;/b&gt; (en bas à droite), puis l&apos;&lt;b&gt;engrenage&lt;/b&gt;, puis &lt;b&gt;À propos&lt;/b&gt;, et entrez la version affichée.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="60"/>
        <source>four numbers, like 2025.01.00.100</source>
        <translation>quatre nombres, comme 2025.01.00.100</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="63"/>
        <source>Station &amp;model:</source>
        <translation>&amp;Modèle de borne :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="64"/>
        <source>Firmware &amp;version:</source>
        <translation>&amp;Version du microprogramme :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="65"/>
        <source>Station model</source>
        <translation>Modèle de borne</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="66"/>
        <source>Firmware version</source>
        <translation>Version du microprogramme</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="80"/>
        <source>Type the version shown under About.</source>
        <translation>Entrez la version affichée sous À propos.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="84"/>
        <source>Incomplete: a version has four parts, {hint}.</source>
        <translation>Incomplet : une version a quatre parties, {hint}.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="91"/>
        <source>✖ Not a version: type it as it is shown, {hint}.</source>
        <translation>✖ Ce n&apos;est pas une version : saisissez-la telle qu&apos;elle est affichée, {hint}.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/gui/window.py" line="311"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="312"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="313"/>
        <source>Re&amp;port</source>
        <translation>Rapp&amp;ort</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="314"/>
        <source>&amp;Open a saved report…</source>
        <translation>&amp;Ouvrir un rapport enregistré…</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="315"/>
        <source>&amp;Compare two reports…</source>
        <translation>&amp;Comparer deux rapports…</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="316"/>
        <source>&amp;Read a reference code…</source>
        <translation>&amp;Lire un code de référence…</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="317"/>
        <source>Steps</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="318"/>
        <source>&amp;About {name}</source>
        <translation>À &amp;propos de {name}</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="320"/>
        <source>R&amp;un all</source>
        <translation>&amp;Tout vérifier</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="321"/>
        <source>Run every automatic check at once (Ctrl+R)</source>
        <translation>Lancer toutes les vérifications automatiques en même temps (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="322"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="323"/>
        <source>Stop the checks (Esc)</source>
        <translation>Arrêter les vérifications (Échap)</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="324"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Précédent</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="325"/>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Suivant &gt;</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="326"/>
        <source>Back to live chec&amp;ks</source>
        <translation>Retour au s&amp;ite en direct</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="327"/>
        <source>&amp;Open</source>
        <translation>O&amp;uvrir</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="328"/>
        <source>Show fol&amp;der</source>
        <translation>Affic&amp;her le dossier</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="329"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="336"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="347"/>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="635"/>
        <source>From reference code {code} (version {version}), read out here at {when}: the site host&apos;s results, not the live site; the code does not say when they ran.</source>
        <translation>D&apos;après le code de référence {code} (version {version}), lu ici le {when} : les résultats de la personne sur place, et non le site en direct ; le code ne dit pas quand la vérification a été faite.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="701"/>
        <source>Report saved: {page}. Its data ({data}) was written beside it, for support and for Compare.</source>
        <translation>Rapport enregistré : {page}. Ses données ({data}) ont été enregistrées à côté, pour le soutien technique et pour la comparaison.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="773"/>
        <source>Saved report (*.json *.html)</source>
        <translation>Rapport enregistré (*.json *.html)</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="789"/>
        <source>{page} is a report&apos;s page; its data, {data}, is not beside it. Open the .json file saved with it.</source>
        <translation>{page} est la page d&apos;un rapport, mais ses données, {data}, ne sont pas à côté. Ouvrez le fichier .json enregistré avec elle.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="334"/>
        <source>checking</source>
        <translation>vérification en cours</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="338"/>
        <source>not run</source>
        <translation>pas encore vérifié</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="418"/>
        <source>Region: {region} ({endpoint})</source>
        <translation>Région : {region} ({endpoint})</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="422"/>
        <source>Region: not chosen yet (step 1)</source>
        <translation>Région : pas encore choisie (étape 1)</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="428"/>
        <location filename="../../app/gui/window.py" line="623"/>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="429"/>
        <source>{where} · Adapter: {adapter}</source>
        <translation>{where} · Adaptateur : {adapter}</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="451"/>
        <source>Choose the station&apos;s region first: it decides which VPN endpoint is tested.</source>
        <translation>Choisissez d&apos;abord la région de la borne : elle détermine le point de terminaison VPN vérifié.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="464"/>
        <source>Checking…</source>
        <translation>Vérification en cours…</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="541"/>
        <source>Done.</source>
        <translation>Terminé.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="541"/>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="552"/>
        <source>The checks could not run: {error}</source>
        <translation>Les vérifications n&apos;ont pas pu être lancées : {error}</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="618"/>
        <source>Saved report, not the live site: checked {when} · Adapter: {adapter} · Version {version} · Reference code {reference}. Run all and retests act on the live site: go back to live checks first.</source>
        <translation>Rapport enregistré, pas le site en direct : vérifié le {when} · Adaptateur : {adapter} · Version {version} · Code de référence {reference}. « Tout vérifier » et les nouveaux essais agissent sur le site en direct : revenez d&apos;abord aux vérifications en direct.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="654"/>
        <source>Save report</source>
        <translation>Enregistrer le rapport</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="654"/>
        <source>Web page (*.html)</source>
        <translation>Page Web (*.html)</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="668"/>
        <source>{name} already exists beside it. Replace it with this report&apos;s data?</source>
        <translation>{name} existe déjà à côté. Le remplacer par les données de ce rapport ?</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="693"/>
        <source>The report could not be saved in {folder}: {error}. Nothing was lost: choose another place and try again.</source>
        <translation>Le rapport n&apos;a pas pu être enregistré dans {folder} : {error}. Rien n&apos;a été perdu : choisissez un autre emplacement et réessayez.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="717"/>
        <source>Summary copied.</source>
        <translation>Résumé copié.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="729"/>
        <source>Request for IT copied: paste it into an email to the site&apos;s network administrator.</source>
        <translation>Demande copiée : collez-la dans un courriel à l&apos;administrateur réseau du site.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="771"/>
        <source>Open a saved report</source>
        <translation>Ouvrir un rapport enregistré</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="827"/>
        <source>{name} {version}
Tells why a ChargePoint CP6000 or Express Plus station cannot get online over Ethernet, and what to do about it.</source>
        <translation>{name} {version}
Indique pourquoi une borne ChargePoint CP6000 ou Express Plus ne peut pas se connecter par Ethernet, et quoi faire.</translation>
    </message>
</context>
<context>
    <name>MatrixPage</name>
    <message>
        <location filename="../../app/gui/pages/matrix.py" line="42"/>
        <source>Station readings</source>
        <translation>Lectures de la borne</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/matrix.py" line="46"/>
        <source>On the station&apos;s screen, touch the &lt;b&gt;?&lt;/b&gt; icon, then the &lt;b&gt;gear&lt;/b&gt;, then &lt;b&gt;Network signal&lt;/b&gt;, and enter the three readings as shown. With the laptop&apos;s results they give the meaning and the next steps, most likely cause first.</source>
        <translation>Sur l&apos;écran de la borne, touchez l&apos;icône &lt;b&gt;?&lt;/b&gt;, puis l&apos;&lt;b&gt;engrenage&lt;/b&gt;, puis &lt;b&gt;Signal réseau&lt;/b&gt;, et entrez les trois lectures telles qu&apos;affichées. Avec les résultats du portable, elles donnent la signification et les prochaines étapes, la cause la plus probable en premier.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/matrix.py" line="57"/>
        <source>Not shown</source>
        <translation>Non affiché</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/matrix.py" line="57"/>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
</context>
<context>
    <name>PortsPage</name>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="25"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="26"/>
        <source>Target</source>
        <translation>Destination</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="27"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="28"/>
        <source>Time</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="38"/>
        <source>{rtt} ms, clock offset {offset} s</source>
        <translation>{rtt} ms, décalage de l&apos;horloge {offset} s</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="72"/>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="77"/>
        <source>The station must reach ChargePoint through the site&apos;s firewall, outbound: {ports}. Each one is tried from this laptop, all at once.</source>
        <translation>La borne doit joindre ChargePoint à travers le pare-feu du site, en sortie : {ports}. Chacun est essayé à partir de ce portable, tous en même temps.</translation>
    </message>
</context>
<context>
    <name>ProbeTable</name>
    <message>
        <location filename="../../app/gui/widgets/probe_table.py" line="128"/>
        <source>No results yet — press Run all, or Run this step.</source>
        <translation>Aucun résultat pour l&apos;instant — appuyez sur Tout vérifier, ou sur Lancer cette étape.</translation>
    </message>
    <message>
        <location filename="../../app/gui/widgets/probe_table.py" line="160"/>
        <source>Checking…</source>
        <translation>Vérification en cours…</translation>
    </message>
</context>
<context>
    <name>ReferenceDialog</name>
    <message>
        <location filename="../../app/gui/dialogs/reference.py" line="63"/>
        <source>Read a reference code</source>
        <translation>Lire un code de référence</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/reference.py" line="66"/>
        <source>Type the code the site host reads out from the Summary (12 to 30 letters and digits). The wizard then shows that run&apos;s steps, results, verdict and next steps, read-only, in your language.</source>
        <translation>Entrez le code que la personne sur place lit dans le Résumé (de 12 à 30 lettres et chiffres). L&apos;assistant affiche alors les étapes, les résultats, le verdict et les prochaines étapes de cette vérification, en lecture seule, dans votre langue.</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/reference.py" line="71"/>
        <source>Reference &amp;code:</source>
        <translation>&amp;Code de référence :</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/reference.py" line="72"/>
        <source>Reference code</source>
        <translation>Code de référence</translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <location filename="../../app/gui/widgets/result_card.py" line="108"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../../app/gui/widgets/result_card.py" line="109"/>
        <source>Copy details</source>
        <translation>Copier les détails</translation>
    </message>
    <message>
        <location filename="../../app/gui/widgets/result_card.py" line="141"/>
        <source>Result code</source>
        <translation>Code de résultat</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <location filename="../../app/gui/pages/base.py" line="110"/>
        <source>Step {number} · {title}</source>
        <translation>Étape {number} · {title}</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/base.py" line="115"/>
        <location filename="../../app/gui/pages/base.py" line="128"/>
        <source>Checking…</source>
        <translation>Vérification en cours…</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/base.py" line="124"/>
        <source>Run this step again</source>
        <translation>Relancer cette étape</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/base.py" line="124"/>
        <source>Run this step</source>
        <translation>Lancer cette étape</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="160"/>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="161"/>
        <source>&amp;Save report…</source>
        <translation>&amp;Enregistrer le rapport…</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="162"/>
        <source>&amp;Copy summary</source>
        <translation>&amp;Copier le résumé</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="163"/>
        <source>Copy request for &amp;IT</source>
        <translation>Copier la &amp;demande pour les TI</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="166"/>
        <source>A ready-to-send message for the site&apos;s network administrator: what the station needs and what failed.</source>
        <translation>Un message prêt à envoyer à l&apos;administrateur réseau du site : ce dont la borne a besoin et ce qui a échoué.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="170"/>
        <source>&amp;Firewall rules…</source>
        <translation>Règles de pare-&amp;feu…</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="173"/>
        <source>The rules the site&apos;s firewall needs, as a table (CSV) or for nftables or iptables, to copy or save.</source>
        <translation>Les règles dont le pare-feu du site a besoin, en tableau (CSV) ou pour nftables ou iptables, à copier ou à enregistrer.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="177"/>
        <source>&amp;Retest until fixed…</source>
        <translation>&amp;Relancer jusqu&apos;à la réussite…</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="178"/>
        <source>Reference code:</source>
        <translation>Code de référence :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="179"/>
        <source>Next steps, in order:</source>
        <translation>Prochaines étapes, dans l&apos;ordre :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="209"/>
        <source>Choose the region on step 1, then press “Run all”, or run the steps one by one.</source>
        <translation>Choisissez la région à l&apos;étape 1, puis appuyez sur « Tout vérifier », ou lancez les étapes une à une.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="218"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="181"/>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="181"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="181"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="181"/>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="192"/>
        <source>Reference code</source>
        <translation>Code de référence</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="198"/>
        <source>Checks in progress…</source>
        <translation>Vérifications en cours…</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="200"/>
        <source>The verdict comes when the checks end; Cancel (Esc) stops them.</source>
        <translation>Le verdict viendra à la fin des vérifications; Annuler (Échap) les arrête.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="206"/>
        <source>Nothing has been checked yet.</source>
        <translation>Rien n&apos;a encore été vérifié.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="254"/>
        <source>Not run</source>
        <translation>Pas vérifié</translation>
    </message>
</context>
<context>
    <name>WatchDialog</name>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="124"/>
        <source>Retest until fixed</source>
        <translation>Relancer jusqu&apos;à la réussite</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="127"/>
        <source>While the site&apos;s network administrator changes the firewall or DNS, these checks run again every few seconds, and each one that starts to pass is shown with the time. The watch stops by itself when they all pass or when the time is up.
Checks to retest: {checks}</source>
        <translation>Pendant que l&apos;administrateur réseau du site modifie le pare-feu ou le DNS, ces vérifications sont relancées à intervalles de quelques secondes, et chacune qui se met à réussir s&apos;affiche avec l&apos;heure. La surveillance s&apos;arrête d&apos;elle-même quand toutes réussissent ou quand le temps est écoulé.
Vérifications à relancer : {checks}</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="133"/>
        <source>&amp;Every (seconds):</source>
        <translation>&amp;Intervalle (secondes) :</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="134"/>
        <source>&amp;Stop after (minutes):</source>
        <translation>&amp;Arrêter après (minutes) :</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="135"/>
        <source>S&amp;tart</source>
        <translation>&amp;Démarrer</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="136"/>
        <source>Sto&amp;p</source>
        <translation>Arrê&amp;ter</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="138"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="138"/>
        <source>Check</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="138"/>
        <source>Now</source>
        <translation>Maintenant</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="138"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="140"/>
        <source>Changes seen</source>
        <translation>Changements constatés</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="147"/>
        <source>Everything that failed now passes ({rounds} rounds).</source>
        <translation>Tout ce qui échouait réussit maintenant ({rounds} tours).</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="151"/>
        <source>Time is up; still failing: {checks}.</source>
        <translation>Temps écoulé ; échouent encore : {checks}.</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="155"/>
        <location filename="../../app/gui/dialogs/watch.py" line="173"/>
        <source>Nothing is failing: there is nothing to retest.</source>
        <translation>Rien n&apos;échoue : il n&apos;y a rien à revérifier.</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="157"/>
        <source>Stopped; still failing: {checks}.</source>
        <translation>Arrêté ; échouent encore : {checks}.</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="163"/>
        <source>Round {number}: still failing: {checks}. {minutes}:{seconds:02d} left.</source>
        <translation>Tour {number} : échouent encore : {checks}. Reste {minutes}:{seconds:02d}.</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="171"/>
        <source>Watching…</source>
        <translation>Surveillance en cours…</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="175"/>
        <source>Press Start when the administrator begins the changes.</source>
        <translation>Appuyez sur Démarrer quand l&apos;administrateur commence les modifications.</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="205"/>
        <source>Passes now</source>
        <translation>Réussit maintenant</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="205"/>
        <source>Fails again</source>
        <translation>Échoue de nouveau</translation>
    </message>
    <message>
        <location filename="../../app/gui/dialogs/watch.py" line="229"/>
        <source>The retest could not run: {error}</source>
        <translation>La revérification n&apos;a pas pu s&apos;exécuter : {error}</translation>
    </message>
</context>
</TS>
