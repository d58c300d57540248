import Radiology
extension Phrasebook {
    static let arabic = Phrasebook(
        "arb_Arab", sides: ["في الجانب الأيمن", "في الجانب الأيسر", "في الجانبين"],
        severities: ["بدرجة خفيفة", "بدرجة متوسطة", "بدرجة شديدة"], amounts: ["بكمية قليلة", "بكمية متوسطة", "بكمية كبيرة"],
        normal: ["الرئتان متمددتان جيدا وصافيتان.", "الأوعية الرئوية طبيعية."],
        impressionNormal: ["لا توجد شذوذات قلبية رئوية حادة.", "صورة صدر طبيعية."],
        [
            .enlargedCardiomediastinum: ("اتساع المنصف {severity}.", "احتمال اتساع المنصف، وقد يعود ذلك إلى تقنية التصوير.", "ظل القلب والمنصف ضمن الحدود الطبيعية."),
            .cardiomegaly: ("تضخم القلب {severity}.", "احتمال تضخم خفيف في القلب.", "حجم القلب طبيعي."),
            .lungLesion: ("عقيدة رئوية {side} قطرها {mm} ملم.", "احتمال وجود عقيدة صغيرة {side}.", "لا توجد عقيدات أو كتل رئوية."),
            .lungOpacity: ("عتامة غير واضحة الحدود {side}.", "احتمال عتامة خفيفة {side}.", "لا توجد عتامة بؤرية."),
            .edema: ("وذمة رئوية {severity} مع غشاوة حول السرة وخطوط كيرلي.", "احتمال وذمة خلالية مبكرة.", "لا توجد وذمة رئوية."),
            .consolidation: ("تكثف كثيف {side} مع علامة القصيبات الهوائية.", "لا يمكن استبعاد تكثف مبكر {side}.", "لا يوجد تكثف."),
            .pneumonia: ("عتامات رقعية متعددة البؤر {side} تتوافق مع التهاب رئوي.", "عتامة {side} قد تمثل التهابا رئويا مبكرا.", "لا توجد علامات التهاب رئوي."),
            .atelectasis: ("انخماص شريطي قاعدي {side} مع ارتفاع الحجاب الحاجز.", "انخماص تحت قطعي قاعدي محتمل {side}.", "لا يوجد انخماص."),
            .pneumothorax: ("استرواح صدري {side} {amount} مع ظهور خط الجنبة الحشوية.", "لا يمكن استبعاد استرواح صدري قمي صغير {side}.", "لا يوجد استرواح صدري."),
            .pleuralEffusion: ("انصباب جنبي {side} {amount}.", "تثلم الزاوية الضلعية الحجابية {side}، مع احتمال انصباب ضئيل.", "لا يوجد انصباب جنبي."),
            .pleuralOther: ("سماكة جنبية {side}.", "احتمال سماكة جنبية {side}.", "لا توجد سماكة جنبية."),
            .fracture: ("كسر ضلعي {side}.", "احتمال كسر ضلعي غير متبدل {side}.", "لا يوجد كسر."),
            .supportDevices: ("أجهزة داعمة (قثاطر أو أنابيب أو ناظمة قلبية) في موضعها.", "احتمال ظهور قثطار بشكل جزئي.", "لا توجد قثاطر أو أنابيب."),
        ])

    static let persian = Phrasebook(
        "pes_Arab", sides: ["در سمت راست", "در سمت چپ", "در هر دو طرف"], severities: ["خفیف", "متوسط", "شدید"],
        amounts: ["به مقدار کم", "به مقدار متوسط", "به مقدار زیاد"],
        normal: ["هر دو ریه به خوبی باز و شفاف هستند.", "عروق ریوی طبیعی است."],
        impressionNormal: ["یافته حاد قلبی ریوی دیده نمی‌شود.", "رادیوگرافی قفسه سینه طبیعی است."],
        [
            .enlargedCardiomediastinum: ("پهن‌شدگی {severity} مدیاستن.", "احتمال پهن‌شدگی مدیاستن، که ممکن است ناشی از تکنیک باشد.", "سایه قلب و مدیاستن در محدوده طبیعی است."),
            .cardiomegaly: ("کاردیومگالی {severity}.", "احتمال کاردیومگالی خفیف.", "اندازه قلب طبیعی است."),
            .lungLesion: ("ندول ریوی {mm} میلی‌متری {side}.", "احتمال ندول کوچک {side}.", "ندول یا توده ریوی دیده نمی‌شود."),
            .lungOpacity: ("کدورت با حدود نامشخص {side}.", "احتمال کدورت خفیف {side}.", "کدورت کانونی دیده نمی‌شود."),
            .edema: ("ادم ریوی {severity} همراه با تاری اطراف ناف ریه و خطوط کرلی.", "احتمال ادم بینابینی اولیه.", "ادم ریوی دیده نمی‌شود."),
            .consolidation: ("کنسولیداسیون متراکم {side} همراه با ایر برونکوگرام.", "کنسولیداسیون اولیه {side} رد نمی‌شود.", "کنسولیداسیون دیده نمی‌شود."),
            .pneumonia: ("کدورت‌های لکه‌ای چندکانونی {side}، مطابق با پنومونی.", "کدورت {side} که ممکن است پنومونی اولیه باشد.", "شواهدی از پنومونی دیده نمی‌شود."),
            .atelectasis: ("آتلکتازی صفحه‌ای قاعده‌ای {side} همراه با بالا رفتن دیافراگم.", "آتلکتازی ساب‌سگمنتال قاعده‌ای محتمل {side}.", "آتلکتازی دیده نمی‌شود."),
            .pneumothorax: ("پنوموتوراکس {side} {amount} با خط پلور احشایی قابل مشاهده.", "پنوموتوراکس کوچک آپیکال {side} رد نمی‌شود.", "پنوموتوراکس دیده نمی‌شود."),
            .pleuralEffusion: ("افیوژن پلور {side} {amount}.", "کند شدن زاویه کوستوفرنیک {side}، احتمال افیوژن مختصر.", "افیوژن پلور دیده نمی‌شود."),
            .pleuralOther: ("ضخیم‌شدگی پلور {side}.", "احتمال ضخیم‌شدگی پلور {side}.", "ضخیم‌شدگی پلور دیده نمی‌شود."),
            .fracture: ("شکستگی دنده {side}.", "احتمال شکستگی بدون جابجایی دنده {side}.", "شکستگی دیده نمی‌شود."),
            .supportDevices: ("وسایل کمکی (کاتتر، لوله یا پیس‌میکر) در محل مناسب قرار دارند.", "احتمال رویت بخشی از یک کاتتر.", "کاتتر یا لوله‌ای دیده نمی‌شود."),
        ])

    static let turkish = Phrasebook(
        "tur_Latn", sides: ["sağda", "solda", "bilateral"], severities: ["hafif", "orta derecede", "belirgin"],
        amounts: ["az miktarda", "orta miktarda", "fazla miktarda"],
        normal: ["Akciğerler iyi havalanmış ve temiz.", "Pulmoner vaskülarite normal."],
        impressionNormal: ["Akut kardiyopulmoner patoloji izlenmedi.", "Normal akciğer grafisi."],
        [
            .enlargedCardiomediastinum: ("Mediastende {severity} genişleme.", "Mediastende olası genişleme, muhtemelen teknik nedenli.", "Kardiyomediastinal gölge normal sınırlarda."),
            .cardiomegaly: ("{severity} kardiyomegali.", "Olası hafif kardiyomegali.", "Kalp boyutları normal."),
            .lungLesion: ("{side} {mm} mm boyutunda pulmoner nodül.", "{side} olası küçük nodül.", "Pulmoner nodül veya kitle izlenmedi."),
            .lungOpacity: ("{side} sınırları belirsiz opasite.", "{side} olası silik opasite.", "Fokal opasite izlenmedi."),
            .edema: ("Perihiler buzlanma ve Kerley B çizgileri ile {severity} pulmoner ödem.", "Olası erken interstisyel ödem.", "Pulmoner ödem izlenmedi."),
            .consolidation: ("{side} hava bronkogramları içeren yoğun konsolidasyon.", "{side} erken konsolidasyon dışlanamaz.", "Konsolidasyon izlenmedi."),
            .pneumonia: ("{side} pnömoni ile uyumlu yamalı multifokal opasiteler.", "{side} erken pnömoniyi düşündürebilecek opasite.", "Pnömoni bulgusu yok."),
            .atelectasis: ("{side} bazalde hemidiyafragma elevasyonu ile birlikte plak atelektazi.", "{side} bazalde muhtemel subsegmental atelektazi.", "Atelektazi izlenmedi."),
            .pneumothorax: ("{side} görünür viseral plevral çizgi ile {amount} pnömotoraks.", "{side} küçük apikal pnömotoraks dışlanamaz.", "Pnömotoraks izlenmedi."),
            .pleuralEffusion: ("{side} {amount} plevral efüzyon.", "{side} kostofrenik sinüste küntleşme, olası minimal efüzyon.", "Plevral efüzyon izlenmedi."),
            .pleuralOther: ("{side} plevral kalınlaşma.", "{side} olası plevral kalınlaşma.", "Plevral kalınlaşma izlenmedi."),
            .fracture: ("{side} kot kırığı.", "{side} olası deplase olmayan kot kırığı.", "Kırık izlenmedi."),
            .supportDevices: ("Destek cihazları (kateter, tüp veya kalp pili) yerinde izlendi.", "Kısmen izlenen olası kateter.", "Kateter veya tüp izlenmedi."),
        ])
}
