<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA" sourcelanguage="en">
<context>
    <name>AdapterPage</name>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="55" />
        <source>Adapter</source>
        <translation>Adaptateur</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="59" />
        <source>Plug the Ethernet cable meant for the station into this laptop's RJ45 port. The wired adapter must show a link, an IPv4 address, a subnet mask and a default gateway: that proves the cable reaches the site's router.</source>
        <translation>Branchez le câble Ethernet destiné à la borne sur le port RJ45 de ce portable. L'adaptateur Ethernet doit avoir une liaison, une adresse IPv4, un masque de sous-réseau et une passerelle par défaut : cela prouve que le câble mène au routeur du site.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="64" />
        <source>&amp;Adapter to test:</source>
        <translation>&amp;Adaptateur à vérifier :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="65" />
        <source>Automatic (the wired adapter)</source>
        <translation>Automatique (l'adaptateur Ethernet)</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="66" />
        <source>Adapter to test</source>
        <translation>Adaptateur à vérifier</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/adapter.py" line="67" />
        <source>&amp;Refresh list</source>
        <translation>&amp;Actualiser la liste</translation>
    </message>
</context>
<context>
    <name>DnsPage</name>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="36" />
        <source>DNS server</source>
        <translation>Serveur DNS</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="36" />
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="36" />
        <source>Time</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="37" />
        <source>Addresses</source>
        <translation>Adresses</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="48" />
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="52" />
        <source>The station finds ChargePoint's VPN server by its name. The site's DNS server, asked through this adapter, must resolve the VPN endpoint of your region to its public addresses, as &lt;i&gt;nslookup&lt;/i&gt; would.</source>
        <translation>La borne trouve le serveur VPN de ChargePoint par son nom. Le serveur DNS du site, interrogé par cet adaptateur, doit résoudre le point de terminaison VPN de votre région en ses adresses publiques, comme le ferait &lt;i&gt;nslookup&lt;/i&gt;.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="57" />
        <source>&amp;Region:</source>
        <translation>&amp;Région :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="58" />
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/dns.py" line="65" />
        <source>VPN endpoint: {host}</source>
        <translation>Point de terminaison VPN : {host}</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../app/gui/app.py" line="64" />
        <source>Something went wrong inside {name}: {error}

The details are in {path}. Send that file to support. You can go on using the window.</source>
        <translation>Un problème est survenu dans {name} : {error}

Les détails sont dans {path}. Envoyez ce fichier au soutien technique. Vous pouvez continuer à utiliser la fenêtre.</translation>
    </message>
</context>
<context>
    <name>FirmwarePage</name>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="39" />
        <source>Firmware</source>
        <translation>Microprogramme</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="43" />
        <source>Below the minimum firmware version, Ethernet cannot be enabled on the station. On the station's screen, touch the &lt;b&gt;?&lt;/b&gt; icon (bottom right), then the &lt;b&gt;gear&lt;/b&gt;, then &lt;b&gt;About&lt;/b&gt;, and type the version shown.</source>
        <translation>Sous la version minimale du microprogramme, la connectivité Ethernet ne peut pas être activée sur la borne. Sur l'écran de la borne, touchez l'icône &lt;b&gt;?&lt;/b&gt; (en bas à droite), puis l'&lt;b&gt;engrenage&lt;/b&gt;, puis &lt;b&gt;À propos&lt;/b&gt;, et entrez la version affichée.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="48" />
        <source>Station &amp;model:</source>
        <translation>&amp;Modèle de borne :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="49" />
        <source>Firmware &amp;version:</source>
        <translation>&amp;Version du microprogramme :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="50" />
        <source>Station model</source>
        <translation>Modèle de borne</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="51" />
        <source>Firmware version</source>
        <translation>Version du microprogramme</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="60" />
        <source>Type the version shown under About.</source>
        <translation>Entrez la version affichée sous À propos.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="63" />
        <source>✔ A valid version.</source>
        <translation>✔ Version valide.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/firmware.py" line="66" />
        <source>✖ Not a version: type it like {form}.</source>
        <translation>✖ Ce n'est pas une version : entrez-la sous la forme {form}.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/gui/window.py" line="151" />
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="152" />
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="153" />
        <source>&amp;About {name}</source>
        <translation>À &amp;propos de {name}</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="155" />
        <source>Run &amp;all</source>
        <translation>&amp;Tout vérifier</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="156" />
        <source>Run every automatic check at once (Ctrl+R)</source>
        <translation>Lancer toutes les vérifications automatiques en même temps (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="157" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="158" />
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Précédent</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="159" />
        <source>&amp;Next &gt;</source>
        <translation>&amp;Suivant &gt;</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="166" />
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="175" />
        <source>checking</source>
        <translation>vérification en cours</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="176" />
        <source>not run</source>
        <translation>pas encore vérifié</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="230" />
        <source>Checking…</source>
        <translation>Vérification en cours…</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="289" />
        <source>Stopped.</source>
        <translation>Arrêté.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="289" />
        <source>Done.</source>
        <translation>Terminé.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="301" />
        <source>The checks could not run: {error}</source>
        <translation>Les vérifications n'ont pas pu être lancées : {error}</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="309" />
        <source>Save report</source>
        <translation>Enregistrer le rapport</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="309" />
        <source>Web page (*.html)</source>
        <translation>Page Web (*.html)</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="325" />
        <source>The report could not be saved in {folder}: {error}. Nothing was lost: choose another place and try again.</source>
        <translation>Le rapport n'a pas pu être enregistré dans {folder} : {error}. Rien n'a été perdu : choisissez un autre emplacement et réessayez.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="329" />
        <source>Report saved: {path}</source>
        <translation>Rapport enregistré : {path}</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="334" />
        <source>Summary copied.</source>
        <translation>Résumé copié.</translation>
    </message>
    <message>
        <location filename="../../app/gui/window.py" line="341" />
        <source>{name} {version}
Tells why a ChargePoint CP6000 or Express Plus station cannot get online over Ethernet, and what to do about it.</source>
        <translation>{name} {version}
Indique pourquoi une borne ChargePoint CP6000 ou Express Plus ne peut pas se connecter par Ethernet, et quoi faire.</translation>
    </message>
</context>
<context>
    <name>MatrixPage</name>
    <message>
        <location filename="../../app/gui/pages/matrix.py" line="35" />
        <source>Station readings</source>
        <translation>Lectures de la borne</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/matrix.py" line="39" />
        <source>On the station's screen, touch the &lt;b&gt;?&lt;/b&gt; icon, then the &lt;b&gt;gear&lt;/b&gt;, then &lt;b&gt;Network signal&lt;/b&gt;, and enter the three readings as shown. With the laptop's results they give the meaning and the next steps, most likely cause first.</source>
        <translation>Sur l'écran de la borne, touchez l'icône &lt;b&gt;?&lt;/b&gt;, puis l'&lt;b&gt;engrenage&lt;/b&gt;, puis &lt;b&gt;Signal réseau&lt;/b&gt;, et entrez les trois lectures telles qu'affichées. Avec les résultats du portable, elles donnent la signification et les prochaines étapes, la cause la plus probable en premier.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/matrix.py" line="49" />
        <source>Not shown</source>
        <translation>Non affiché</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/matrix.py" line="49" />
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
</context>
<context>
    <name>PortsPage</name>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="17" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="17" />
        <source>Protocol</source>
        <translation>Protocole</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="17" />
        <source>Use</source>
        <translation>Utilisation</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="17" />
        <source>Target</source>
        <translation>Destination</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="18" />
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="18" />
        <source>Time</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="26" />
        <source>{rtt} ms, clock offset {offset} s</source>
        <translation>{rtt} ms, décalage de l'horloge {offset} s</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="38" />
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/ports.py" line="42" />
        <source>The station must reach ChargePoint through the site's firewall: HTTPS on TCP 443, the VPN on TCP 52007 and 52017, and time servers (NTP) on UDP 123. Each one is tried from this laptop, all at once.</source>
        <translation>La borne doit joindre ChargePoint à travers le pare-feu du site : HTTPS sur TCP 443, le VPN sur TCP 52007 et 52017, et les serveurs de temps (NTP) sur UDP 123. Chacun est essayé à partir de ce portable, tous en même temps.</translation>
    </message>
</context>
<context>
    <name>ProbeTable</name>
    <message>
        <location filename="../../app/gui/widgets/probe_table.py" line="58" />
        <source>Checking…</source>
        <translation>Vérification en cours…</translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <location filename="../../app/gui/widgets/result_card.py" line="93" />
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../../app/gui/widgets/result_card.py" line="94" />
        <source>Copy details</source>
        <translation>Copier les détails</translation>
    </message>
    <message>
        <location filename="../../app/gui/widgets/result_card.py" line="120" />
        <source>Result code</source>
        <translation>Code de résultat</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <location filename="../../app/gui/pages/base.py" line="99" />
        <source>Step {number} · {title}</source>
        <translation>Étape {number} · {title}</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/base.py" line="104" />
        <location filename="../../app/gui/pages/base.py" line="118" />
        <source>Checking…</source>
        <translation>Vérification en cours…</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/base.py" line="113" />
        <source>Run this step again</source>
        <translation>Relancer cette étape</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/base.py" line="113" />
        <source>Run this step</source>
        <translation>Lancer cette étape</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="99" />
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="100" />
        <source>&amp;Save report…</source>
        <translation>&amp;Enregistrer le rapport…</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="101" />
        <source>&amp;Copy summary</source>
        <translation>&amp;Copier le résumé</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="102" />
        <source>Next actions, in order:</source>
        <translation>Prochaines actions, dans l'ordre :</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="104" />
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="104" />
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="104" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="104" />
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="110" />
        <source>Nothing has been checked yet.</source>
        <translation>Rien n'a encore été vérifié.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="111" />
        <source>Use “Run all” or run the steps one by one.</source>
        <translation>Utilisez « Tout vérifier » ou lancez les étapes une à une.</translation>
    </message>
    <message>
        <location filename="../../app/gui/pages/summary.py" line="127" />
        <source>Not run</source>
        <translation>Pas vérifié</translation>
    </message>
</context>
</TS>