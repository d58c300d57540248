"""A small multilingual corpus of chest X-ray report sentences (written for these tests; no
download): 10 sentences in each of the 21 languages m3clip works in, plus edge cases.

The tokenizer is trained on the first 6 sentences of each language; parity is checked on all of
them, so held-out words exercise sub-word splits and unknown characters.
"""

CORPUS = {
    "eng_Latn": [
        "The heart size is normal.", "No focal consolidation, pleural effusion or pneumothorax.",
        "Mild cardiomegaly with pulmonary vascular congestion.", "There is a small left pleural effusion.",
        "Lungs are clear bilaterally.", "Degenerative changes of the thoracic spine.",
        "Endotracheal tube terminates 4 cm above the carina.", "Possible right lower lobe pneumonia.",
        "No acute cardiopulmonary abnormality.", "Stable appearance of the mediastinal contours.",
    ],
    "deu_Latn": [
        "Die Herzgröße ist normal.", "Kein Pleuraerguss, kein Pneumothorax.",
        "Leichte Kardiomegalie mit pulmonaler Stauung.", "Kleiner Pleuraerguss links.",
        "Die Lunge ist beidseits frei.", "Degenerative Veränderungen der Brustwirbelsäule.",
        "Der Endotrachealtubus endet 4 cm oberhalb der Carina.", "Mögliche Pneumonie im rechten Unterlappen.",
        "Kein akuter kardiopulmonaler Befund.", "Unveränderte Mediastinalkonturen.",
    ],
    "fra_Latn": [
        "La taille du cœur est normale.", "Pas d'épanchement pleural ni de pneumothorax.",
        "Cardiomégalie légère avec congestion vasculaire pulmonaire.", "Petit épanchement pleural gauche.",
        "Les poumons sont clairs des deux côtés.", "Modifications dégénératives du rachis thoracique.",
        "La sonde d'intubation se termine 4 cm au-dessus de la carène.", "Pneumonie possible du lobe inférieur droit.",
        "Pas d'anomalie cardiopulmonaire aiguë.", "Aspect stable des contours médiastinaux.",
    ],
    "spa_Latn": [
        "El tamaño del corazón es normal.", "Sin derrame pleural ni neumotórax.",
        "Cardiomegalia leve con congestión vascular pulmonar.", "Pequeño derrame pleural izquierdo.",
        "Pulmones claros bilateralmente.", "Cambios degenerativos de la columna torácica.",
        "El tubo endotraqueal termina 4 cm por encima de la carina.", "Posible neumonía del lóbulo inferior derecho.",
        "Sin anomalía cardiopulmonar aguda.", "Contornos mediastínicos estables.",
    ],
    "ita_Latn": [
        "Le dimensioni del cuore sono normali.", "Nessun versamento pleurico né pneumotorace.",
        "Lieve cardiomegalia con congestione vascolare polmonare.", "Piccolo versamento pleurico sinistro.",
        "Polmoni liberi bilateralmente.", "Alterazioni degenerative del rachide toracico.",
        "Il tubo endotracheale termina 4 cm sopra la carena.", "Possibile polmonite del lobo inferiore destro.",
        "Nessuna anomalia cardiopolmonare acuta.", "Profili mediastinici stabili.",
    ],
    "por_Latn": [
        "O tamanho do coração é normal.", "Sem derrame pleural ou pneumotórax.",
        "Cardiomegalia leve com congestão vascular pulmonar.", "Pequeno derrame pleural à esquerda.",
        "Pulmões limpos bilateralmente.", "Alterações degenerativas da coluna torácica.",
        "O tubo endotraqueal termina 4 cm acima da carina.", "Possível pneumonia do lobo inferior direito.",
        "Sem alterações cardiopulmonares agudas.", "Contornos mediastinais estáveis.",
    ],
    "nld_Latn": [
        "De hartgrootte is normaal.", "Geen pleuravocht of pneumothorax.",
        "Lichte cardiomegalie met pulmonale stuwing.", "Kleine pleurale effusie links.",
        "Longen beiderzijds helder.", "Degeneratieve veranderingen van de thoracale wervelkolom.",
        "De endotracheale tube eindigt 4 cm boven de carina.", "Mogelijke pneumonie in de rechter onderkwab.",
        "Geen acute cardiopulmonale afwijkingen.", "Stabiele mediastinale contouren.",
    ],
    "pol_Latn": [
        "Wielkość serca prawidłowa.", "Bez płynu w jamie opłucnej i bez odmy.",
        "Niewielkie powiększenie serca z zastojem w krążeniu płucnym.", "Niewielka ilość płynu w lewej jamie opłucnej.",
        "Płuca obustronnie bez zmian.", "Zmiany zwyrodnieniowe kręgosłupa piersiowego.",
        "Rurka intubacyjna kończy się 4 cm nad ostrogą tchawicy.", "Możliwe zapalenie płuc w prawym płacie dolnym.",
        "Bez ostrych zmian krążeniowo-oddechowych.", "Stabilne zarysy śródpiersia.",
    ],
    "rus_Cyrl": [
        "Размер сердца в норме.", "Плеврального выпота и пневмоторакса нет.",
        "Умеренная кардиомегалия с венозным застоем в легких.", "Небольшой левосторонний плевральный выпот.",
        "Легкие чистые с обеих сторон.", "Дегенеративные изменения грудного отдела позвоночника.",
        "Эндотрахеальная трубка на 4 см выше карины.", "Возможна пневмония нижней доли справа.",
        "Острой кардиопульмональной патологии нет.", "Контуры средостения без динамики.",
    ],
    "ukr_Cyrl": [
        "Розмір серця в нормі.", "Плеврального випоту та пневмотораксу немає.",
        "Помірна кардіомегалія із застоєм у легенях.", "Невеликий лівобічний плевральний випіт.",
        "Легені чисті з обох боків.", "Дегенеративні зміни грудного відділу хребта.",
        "Ендотрахеальна трубка на 4 см вище карини.", "Можлива пневмонія нижньої частки справа.",
        "Гострої кардіопульмональної патології немає.", "Контури середостіння без змін.",
    ],
    "ces_Latn": [
        "Velikost srdce je normální.", "Bez pleurálního výpotku či pneumotoraxu.",
        "Mírná kardiomegalie s plicním městnáním.", "Malý levostranný pleurální výpotek.",
        "Plíce oboustranně čisté.", "Degenerativní změny hrudní páteře.",
        "Endotracheální kanyla končí 4 cm nad karinou.", "Možná pneumonie pravého dolního laloku.",
        "Bez akutních kardiopulmonálních změn.", "Stabilní kontury mediastina.",
    ],
    "tur_Latn": [
        "Kalp boyutu normaldir.", "Plevral efüzyon veya pnömotoraks yok.",
        "Pulmoner vasküler konjesyonla birlikte hafif kardiyomegali.", "Solda küçük plevral efüzyon.",
        "Akciğerler iki taraflı temiz.", "Torakal omurgada dejeneratif değişiklikler.",
        "Endotrakeal tüp karinanın 4 cm üzerinde sonlanıyor.", "Sağ alt lobda olası pnömoni.",
        "Akut kardiyopulmoner anormallik yok.", "Mediastinal konturlar stabil.",
    ],
    "arb_Arab": [
        "حجم القلب طبيعي.", "لا يوجد انصباب جنبي أو استرواح صدري.",
        "تضخم خفيف في القلب مع احتقان وعائي رئوي.", "انصباب جنبي أيسر صغير.",
        "الرئتان صافيتان على الجانبين.", "تغيرات تنكسية في العمود الفقري الصدري.",
        "ينتهي الأنبوب الرغامي على بعد 4 سم فوق الجؤجؤ.", "احتمال التهاب رئوي في الفص السفلي الأيمن.",
        "لا توجد تشوهات قلبية رئوية حادة.", "معالم المنصف مستقرة.",
    ],
    "heb_Hebr": [
        "גודל הלב תקין.", "אין תפליט פלאורלי או חזה אוויר.",
        "הגדלה קלה של הלב עם גודש ריאתי.", "תפליט פלאורלי קטן משמאל.",
        "הריאות נקיות משני הצדדים.", "שינויים ניווניים בעמוד השדרה החזי.",
        "צינור ההנשמה מסתיים 4 ס\"מ מעל הקרינה.", "ייתכן דלקת ריאות באונה התחתונה הימנית.",
        "אין ממצא לבבי ריאתי חריף.", "קווי המיצר יציבים.",
    ],
    "hin_Deva": [
        "हृदय का आकार सामान्य है।", "कोई प्लूरल इफ्यूजन या न्यूमोथोरैक्स नहीं।",
        "फेफड़ों में रक्त जमाव के साथ हल्का हृदय वृद्धि।", "बाईं ओर छोटा प्लूरल इफ्यूजन।",
        "दोनों फेफड़े साफ हैं।", "वक्षीय रीढ़ में अपक्षयी परिवर्तन।",
        "एंडोट्रैकियल ट्यूब कैरिना से 4 सेमी ऊपर समाप्त होती है।", "दाहिने निचले लोब में संभावित निमोनिया।",
        "कोई तीव्र हृदय-फुफ्फुसीय असामान्यता नहीं।", "मीडियास्टिनल रूपरेखा स्थिर है।",
    ],
    "ben_Beng": [
        "হৃদপিণ্ডের আকার স্বাভাবিক।", "কোনো প্লুরাল ইফিউশন বা নিউমোথোরাক্স নেই।",
        "ফুসফুসে রক্ত জমাট সহ হালকা হৃদপিণ্ড বৃদ্ধি।", "বাম দিকে ছোট প্লুরাল ইফিউশন।",
        "দুই দিকের ফুসফুস পরিষ্কার।", "বক্ষ মেরুদণ্ডের অবক্ষয়জনিত পরিবর্তন।",
        "এন্ডোট্র্যাকিয়াল টিউব ক্যারিনার ৪ সেমি উপরে শেষ হয়েছে।", "ডান নিচের লোবে সম্ভাব্য নিউমোনিয়া।",
        "কোনো তীব্র হৃদ-ফুসফুসীয় অস্বাভাবিকতা নেই।", "মিডিয়াস্টিনামের রেখা স্থিতিশীল।",
    ],
    "zho_Hans": [
        "心脏大小正常。", "无胸腔积液或气胸。", "轻度心脏增大伴肺血管淤血。", "左侧少量胸腔积液。",
        "双肺清晰。", "胸椎退行性改变。", "气管插管末端位于隆突上方4厘米。", "右下叶可能肺炎。",
        "无急性心肺异常。", "纵隔轮廓稳定。",
    ],
    "jpn_Jpan": [
        "心臓の大きさは正常です。", "胸水や気胸はありません。", "肺うっ血を伴う軽度の心拡大。",
        "左側に少量の胸水があります。", "両肺は清明です。", "胸椎に変性変化があります。",
        "気管チューブの先端は気管分岐部の4cm上にあります。", "右下葉の肺炎の可能性があります。",
        "急性の心肺異常はありません。", "縦隔の輪郭は安定しています。",
    ],
    "kor_Hang": [
        "심장 크기는 정상입니다.", "흉막 삼출이나 기흉은 없습니다.", "폐혈관 울혈을 동반한 경도의 심비대.",
        "좌측에 소량의 흉막 삼출이 있습니다.", "양측 폐는 깨끗합니다.", "흉추의 퇴행성 변화.",
        "기관내관 끝은 기관분기부 4cm 위에 있습니다.", "우하엽 폐렴 가능성.",
        "급성 심폐 이상 소견은 없습니다.", "종격동 윤곽은 안정적입니다.",
    ],
    "tha_Thai": [
        "ขนาดหัวใจปกติ", "ไม่มีน้ำในช่องเยื่อหุ้มปอดหรือภาวะลมรั่วในช่องอก",
        "หัวใจโตเล็กน้อยร่วมกับภาวะคั่งของหลอดเลือดปอด", "มีน้ำในช่องเยื่อหุ้มปอดด้านซ้ายเล็กน้อย",
        "ปอดทั้งสองข้างใส", "การเปลี่ยนแปลงแบบเสื่อมของกระดูกสันหลังส่วนอก",
        "ปลายท่อช่วยหายใจอยู่เหนือคารินา 4 ซม.", "อาจมีปอดอักเสบที่กลีบล่างขวา",
        "ไม่พบความผิดปกติของหัวใจและปอดแบบเฉียบพลัน", "เงาประจันอกคงที่",
    ],
    "vie_Latn": [
        "Kích thước tim bình thường.", "Không có tràn dịch màng phổi hay tràn khí màng phổi.",
        "Tim to nhẹ kèm sung huyết mạch máu phổi.", "Tràn dịch màng phổi trái lượng ít.",
        "Hai phổi sáng đều.", "Thay đổi thoái hóa cột sống ngực.",
        "Đầu ống nội khí quản cách carina 4 cm.", "Có thể viêm phổi thùy dưới phải.",
        "Không có bất thường tim phổi cấp tính.", "Đường viền trung thất ổn định.",
    ],
}

# Normalisation and pre-tokenisation edge cases (runs of spaces, leading/trailing space, tabs and
# newlines, compatibility characters that NFKC rewrites, control characters, emoji, empty input).
EDGE_CASES = [
    "", " ", "  Heart   size  normal. ", "\tLungs\nclear\r\n", "ﬁbrosis ＣＴ scan ①", "Ｘ線 ｶﾙﾃ",
    "caf\u0065\u0301 vs café", "a\u0007b\u200bc", "emoji 🫁 lungs 🩻", "▁already▁marked", "x" * 40,
    "MIXED case ÄÖÜ ß", "1.5 × 2.3 cm nodule", "‘quoted’ “text” – dash … ellipsis",
]


def training_sentences():
    return [s for sentences in CORPUS.values() for s in sentences[:6]]


def test_sentences():
    return [s for sentences in CORPUS.values() for s in sentences] + EDGE_CASES
