import Radiology
extension Phrasebook {
    static let russian = Phrasebook(
        "rus_Cyrl", sides: ["справа", "слева", "с обеих сторон"],
        severities: ["лёгкой степени", "умеренной степени", "выраженной степени"],
        amounts: ["в небольшом количестве", "в умеренном количестве", "в большом количестве"],
        normal: ["Лёгкие хорошо расправлены, прозрачны.", "Лёгочный рисунок не изменён."],
        impressionNormal: ["Острой кардиопульмональной патологии не выявлено.", "Рентгенограмма органов грудной клетки без патологии."],
        [
            .enlargedCardiomediastinum: ("Расширение средостения {severity}.", "Возможное расширение средостения, вероятно, технического характера.", "Тень средостения не расширена."),
            .cardiomegaly: ("Кардиомегалия {severity}.", "Возможна незначительная кардиомегалия.", "Размеры сердца в пределах нормы."),
            .lungLesion: ("Узел в лёгком {side} размером {mm} мм.", "Возможный небольшой узел {side}.", "Очаговых и объёмных образований в лёгких не выявлено."),
            .lungOpacity: ("Нечётко очерченное затемнение {side}.", "Возможное слабое затемнение {side}.", "Очаговых затемнений нет."),
            .edema: ("Отёк лёгких {severity} с перихилярным затемнением и линиями Керли.", "Возможен начальный интерстициальный отёк.", "Отёка лёгких нет."),
            .consolidation: ("Плотная консолидация {side} с симптомом воздушной бронхограммы.", "Нельзя исключить начальную консолидацию {side}.", "Консолидации нет."),
            .pneumonia: ("Многоочаговые пятнистые затемнения {side}, соответствующие пневмонии.", "Затемнение {side}, возможно, начальная пневмония.", "Признаков пневмонии нет."),
            .atelectasis: ("Дисковидный ателектаз в базальных отделах {side} с высоким стоянием купола диафрагмы.", "Вероятен субсегментарный ателектаз в базальных отделах {side}.", "Ателектазов нет."),
            .pneumothorax: ("Пневмоторакс {side} с видимой висцеральной плевральной линией.", "Нельзя исключить небольшой апикальный пневмоторакс {side}.", "Пневмоторакса нет."),
            .pleuralEffusion: ("Плевральный выпот {side} {amount}.", "Сглаженность рёберно-диафрагмального синуса {side}, возможно, минимальный выпот.", "Плеврального выпота нет. | Синусы свободны."),
            .pleuralOther: ("Утолщение плевры {side}.", "Возможное утолщение плевры {side}.", "Утолщения плевры нет."),
            .fracture: ("Перелом ребра {side}.", "Возможен перелом ребра без смещения {side}.", "Переломов нет."),
            .supportDevices: ("Медицинские устройства (катетеры, зонды или кардиостимулятор) в правильном положении.", "Возможно, частично визуализируется катетер.", "Катетеров и зондов нет."),
        ])

    static let ukrainian = Phrasebook(
        "ukr_Cyrl", sides: ["праворуч", "ліворуч", "з обох боків"],
        severities: ["легкого ступеня", "помірного ступеня", "вираженого ступеня"],
        amounts: ["у невеликій кількості", "у помірній кількості", "у великій кількості"],
        normal: ["Легені добре розправлені, прозорі.", "Легеневий малюнок не змінений."],
        impressionNormal: ["Гострої кардіопульмональної патології не виявлено.", "Рентгенограма органів грудної клітки без патології."],
        [
            .enlargedCardiomediastinum: ("Розширення середостіння {severity}.", "Можливе розширення середостіння, ймовірно, технічного характеру.", "Тінь середостіння не розширена."),
            .cardiomegaly: ("Кардіомегалія {severity}.", "Можлива незначна кардіомегалія.", "Розміри серця в межах норми."),
            .lungLesion: ("Вузол у легені {side} розміром {mm} мм.", "Можливий невеликий вузол {side}.", "Вогнищевих та об'ємних утворень у легенях не виявлено."),
            .lungOpacity: ("Нечітко окреслене затемнення {side}.", "Можливе слабке затемнення {side}.", "Вогнищевих затемнень немає."),
            .edema: ("Набряк легень {severity} з перихілярним затемненням і лініями Керлі.", "Можливий початковий інтерстиційний набряк.", "Набряку легень немає."),
            .consolidation: ("Щільна консолідація {side} з повітряною бронхограмою.", "Не можна виключити початкову консолідацію {side}.", "Консолідації немає."),
            .pneumonia: ("Багатовогнищеві плямисті затемнення {side}, що відповідають пневмонії.", "Затемнення {side}, можливо, початкова пневмонія.", "Ознак пневмонії немає."),
            .atelectasis: ("Дископодібний ателектаз у базальних відділах {side} з високим стоянням купола діафрагми.", "Ймовірний субсегментарний ателектаз у базальних відділах {side}.", "Ателектазів немає."),
            .pneumothorax: ("Пневмоторакс {side} з видимою вісцеральною плевральною лінією.", "Не можна виключити невеликий апікальний пневмоторакс {side}.", "Пневмотораксу немає."),
            .pleuralEffusion: ("Плевральний випіт {side} {amount}.", "Згладженість реберно-діафрагмального синуса {side}, можливо, мінімальний випіт.", "Плеврального випоту немає."),
            .pleuralOther: ("Потовщення плеври {side}.", "Можливе потовщення плеври {side}.", "Потовщення плеври немає."),
            .fracture: ("Перелом ребра {side}.", "Можливий перелом ребра без зміщення {side}.", "Переломів немає."),
            .supportDevices: ("Медичні пристрої (катетери, зонди або кардіостимулятор) у правильному положенні.", "Можливо, частково візуалізується катетер.", "Катетерів і зондів немає."),
        ])

    static let polish = Phrasebook(
        "pol_Latn", sides: ["po stronie prawej", "po stronie lewej", "obustronnie"],
        severities: ["niewielkiego stopnia", "umiarkowanego stopnia", "znacznego stopnia"],
        amounts: ["w niewielkiej ilości", "w umiarkowanej ilości", "w dużej ilości"],
        normal: ["Płuca dobrze upowietrznione, przejrzyste.", "Rysunek naczyniowy płuc prawidłowy."],
        impressionNormal: ["Bez ostrych zmian w klatce piersiowej.", "Prawidłowy obraz RTG klatki piersiowej."],
        [
            .enlargedCardiomediastinum: ("Poszerzenie śródpiersia {severity}.", "Możliwe poszerzenie śródpiersia, prawdopodobnie technicznie.", "Sylwetka sercowo-śródpiersiowa w normie."),
            .cardiomegaly: ("Kardiomegalia {severity}.", "Możliwa niewielka kardiomegalia.", "Serce niepowiększone."),
            .lungLesion: ("Guzek płuca {side} o średnicy {mm} mm.", "Możliwy niewielki guzek {side}.", "Bez zmian ogniskowych i guzowatych w płucach."),
            .lungOpacity: ("Nieostro odgraniczone zacienienie {side}.", "Możliwe subtelne zacienienie {side}.", "Bez ogniskowych zacienień."),
            .edema: ("Obrzęk płuc {severity} z okołownękowym zamgleniem i liniami Kerleya.", "Możliwy początkowy obrzęk śródmiąższowy.", "Bez obrzęku płuc."),
            .consolidation: ("Gęsta konsolidacja {side} z objawem bronchogramu powietrznego.", "Nie można wykluczyć początkowej konsolidacji {side}.", "Bez konsolidacji."),
            .pneumonia: ("Wieloogniskowe plamiste zacienienia {side}, odpowiadające zapaleniu płuc.", "Zacienienie {side}, możliwe początkowe zapalenie płuc.", "Bez cech zapalenia płuc."),
            .atelectasis: ("Niedodma płytkowa przypodstawnie {side} z uniesieniem przepony.", "Prawdopodobna niedodma podsegmentalna przypodstawnie {side}.", "Bez niedodmy."),
            .pneumothorax: ("Odma opłucnowa {side} z widoczną linią opłucnej trzewnej.", "Nie można wykluczyć niewielkiej odmy szczytowej {side}.", "Bez odmy opłucnowej."),
            .pleuralEffusion: ("Płyn w jamie opłucnej {side} {amount}.", "Spłycenie kąta przeponowo-żebrowego {side}, możliwa minimalna ilość płynu.", "Bez płynu w jamach opłucnowych."),
            .pleuralOther: ("Pogrubienie opłucnej {side}.", "Możliwe pogrubienie opłucnej {side}.", "Bez pogrubienia opłucnej."),
            .fracture: ("Złamanie żebra {side}.", "Możliwe złamanie żebra bez przemieszczenia {side}.", "Bez złamań."),
            .supportDevices: ("Urządzenia medyczne (cewniki, zgłębniki lub stymulator) w prawidłowym położeniu.", "Możliwy częściowo widoczny cewnik.", "Bez cewników i zgłębników."),
        ])
}
