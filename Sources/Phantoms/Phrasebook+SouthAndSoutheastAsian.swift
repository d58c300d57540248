import Radiology
extension Phrasebook {
    static let hindi = Phrasebook(
        "hin_Deva", sides: ["दाईं ओर", "बाईं ओर", "दोनों ओर"], severities: ["हल्का", "मध्यम", "गंभीर"],
        amounts: ["थोड़ी मात्रा में", "मध्यम मात्रा में", "अधिक मात्रा में"],
        normal: ["दोनों फेफड़े अच्छी तरह फैले हुए और साफ हैं।", "फुफ्फुसीय रक्तवाहिकाएं सामान्य हैं।"],
        impressionNormal: ["कोई तीव्र हृदय-फुफ्फुसीय असामान्यता नहीं।", "सामान्य छाती का एक्स-रे।"],
        [
            .enlargedCardiomediastinum: ("मीडियास्टिनम का {severity} चौड़ापन।", "मीडियास्टिनम संभवतः चौड़ा, शायद तकनीकी कारण से।", "कार्डियोमीडियास्टिनल छाया सामान्य सीमा में है।"),
            .cardiomegaly: ("{severity} कार्डियोमेगाली।", "संभावित हल्की कार्डियोमेगाली।", "हृदय का आकार सामान्य है।"),
            .lungLesion: ("{side} फेफड़े में {mm} मिमी की गांठ।", "{side} संभावित छोटी गांठ।", "फेफड़ों में कोई गांठ या मास नहीं है।"),
            .lungOpacity: ("{side} अस्पष्ट सीमा वाली अपारदर्शिता।", "{side} संभावित हल्की अपारदर्शिता।", "कोई फोकल अपारदर्शिता नहीं है।"),
            .edema: ("पेरिहाइलर धुंधलापन और केर्ली बी रेखाओं के साथ {severity} पल्मोनरी एडिमा।", "संभावित प्रारंभिक इंटरस्टीशियल एडिमा।", "कोई पल्मोनरी एडिमा नहीं है।"),
            .consolidation: ("{side} एयर ब्रोंकोग्राम के साथ घना कंसोलिडेशन।", "{side} प्रारंभिक कंसोलिडेशन से इनकार नहीं किया जा सकता।", "कोई कंसोलिडेशन नहीं है।"),
            .pneumonia: ("{side} कई जगह धब्बेदार अपारदर्शिता, निमोनिया के अनुरूप।", "{side} अपारदर्शिता, संभवतः प्रारंभिक निमोनिया।", "निमोनिया के कोई लक्षण नहीं हैं।"),
            .atelectasis: ("{side} आधार पर पट्टीनुमा एटेलेक्टेसिस, डायाफ्राम ऊपर उठा हुआ।", "{side} आधार पर संभवतः सबसेगमेंटल एटेलेक्टेसिस।", "कोई एटेलेक्टेसिस नहीं है।"),
            .pneumothorax: ("{side} {amount} न्यूमोथोरैक्स, विसरल प्लूरल रेखा दिखाई दे रही है।", "{side} शीर्ष पर छोटे न्यूमोथोरैक्स से इनकार नहीं किया जा सकता।", "कोई न्यूमोथोरैक्स नहीं है।"),
            .pleuralEffusion: ("{side} {amount} प्लूरल इफ्यूजन।", "{side} कॉस्टोफ्रेनिक कोण कुंद, संभवतः न्यूनतम इफ्यूजन।", "कोई प्लूरल इफ्यूजन नहीं है।"),
            .pleuralOther: ("{side} प्लूरल मोटाई।", "{side} संभावित प्लूरल मोटाई।", "कोई प्लूरल मोटाई नहीं है।"),
            .fracture: ("{side} पसली का फ्रैक्चर।", "{side} संभावित बिना विस्थापन वाला पसली फ्रैक्चर।", "कोई फ्रैक्चर नहीं है।"),
            .supportDevices: ("सहायक उपकरण (कैथेटर, ट्यूब या पेसमेकर) सही स्थिति में हैं।", "संभवतः आंशिक रूप से दिखाई देता कैथेटर।", "कोई कैथेटर या ट्यूब नहीं है।"),
        ])

    static let vietnamese = Phrasebook(
        "vie_Latn", sides: ["bên phải", "bên trái", "hai bên"], severities: ["mức độ nhẹ", "mức độ vừa", "mức độ nặng"],
        amounts: ["lượng ít", "lượng vừa", "lượng nhiều"],
        normal: ["Hai phổi nở tốt, sáng đều.", "Mạch máu phổi bình thường."],
        impressionNormal: ["Không thấy bất thường tim phổi cấp tính.", "Phim X-quang ngực bình thường."],
        [
            .enlargedCardiomediastinum: ("Trung thất giãn rộng {severity}.", "Có thể trung thất giãn rộng, có lẽ do kỹ thuật chụp.", "Bóng tim trung thất trong giới hạn bình thường."),
            .cardiomegaly: ("Bóng tim to {severity}.", "Có thể bóng tim to nhẹ.", "Kích thước tim bình thường."),
            .lungLesion: ("Nốt phổi {side} kích thước {mm} mm.", "Có thể có nốt nhỏ {side}.", "Không thấy nốt hay khối ở phổi."),
            .lungOpacity: ("Đám mờ giới hạn không rõ {side}.", "Có thể có đám mờ nhạt {side}.", "Không thấy đám mờ khu trú."),
            .edema: ("Phù phổi {severity} với mờ quanh rốn phổi và đường Kerley.", "Có thể phù mô kẽ giai đoạn sớm.", "Không có phù phổi."),
            .consolidation: ("Đông đặc phổi {side} với hình ảnh khí phế quản đồ.", "Không loại trừ đông đặc sớm {side}.", "Không thấy đông đặc."),
            .pneumonia: ("Nhiều đám mờ rải rác {side}, phù hợp với viêm phổi.", "Đám mờ {side}, có thể là viêm phổi giai đoạn sớm.", "Không có dấu hiệu viêm phổi."),
            .atelectasis: ("Xẹp phổi dạng dải vùng đáy {side} kèm vòm hoành nâng cao.", "Có lẽ xẹp phổi dưới phân thùy vùng đáy {side}.", "Không thấy xẹp phổi."),
            .pneumothorax: ("Tràn khí màng phổi {side} {amount}, thấy rõ đường màng phổi tạng.", "Không loại trừ tràn khí màng phổi đỉnh lượng ít {side}.", "Không có tràn khí màng phổi."),
            .pleuralEffusion: ("Tràn dịch màng phổi {side} {amount}.", "Góc sườn hoành {side} tù, có thể tràn dịch lượng rất ít.", "Không có tràn dịch màng phổi."),
            .pleuralOther: ("Dày màng phổi {side}.", "Có thể dày màng phổi {side}.", "Không thấy dày màng phổi."),
            .fracture: ("Gãy xương sườn {side}.", "Có thể gãy xương sườn không di lệch {side}.", "Không thấy gãy xương."),
            .supportDevices: ("Các dụng cụ hỗ trợ (ống thông, catheter hoặc máy tạo nhịp) ở đúng vị trí.", "Có thể thấy một phần catheter.", "Không có ống thông hay catheter."),
        ])

    static let thai = Phrasebook(
        "tha_Thai", sides: ["ด้านขวา", "ด้านซ้าย", "ทั้งสองข้าง"], severities: ["เล็กน้อย", "ปานกลาง", "มาก"],
        amounts: ["ปริมาณเล็กน้อย", "ปริมาณปานกลาง", "ปริมาณมาก"],
        normal: ["ปอดทั้งสองข้างขยายตัวดีและใส", "หลอดเลือดในปอดปกติ"],
        impressionNormal: ["ไม่พบความผิดปกติเฉียบพลันของหัวใจและปอด", "ภาพรังสีทรวงอกปกติ"],
        [
            .enlargedCardiomediastinum: ("เงาประจันอกกว้างขึ้น {severity}", "อาจมีเงาประจันอกกว้างขึ้น ซึ่งอาจเกิดจากเทคนิคการถ่าย", "เงาหัวใจและประจันอกอยู่ในเกณฑ์ปกติ"),
            .cardiomegaly: ("หัวใจโต {severity}", "อาจมีหัวใจโตเล็กน้อย", "ขนาดหัวใจปกติ"),
            .lungLesion: ("พบก้อนในปอด{side} ขนาด {mm} มม.", "อาจมีก้อนเล็กในปอด{side}", "ไม่พบก้อนหรือรอยโรคในปอด"),
            .lungOpacity: ("พบฝ้าทึบขอบไม่ชัดที่ปอด{side}", "อาจมีฝ้าจางๆ ที่ปอด{side}", "ไม่พบฝ้าทึบเฉพาะที่"),
            .edema: ("ภาวะปอดบวมน้ำ{severity} ร่วมกับฝ้ารอบขั้วปอดและเส้น Kerley B", "อาจมีภาวะบวมน้ำในเนื้อเยื่อปอดระยะแรก", "ไม่พบภาวะปอดบวมน้ำ"),
            .consolidation: ("พบการทึบตัวของเนื้อปอด{side} ร่วมกับ air bronchogram", "ไม่สามารถแยกการทึบตัวของเนื้อปอดระยะแรก{side}ได้", "ไม่พบการทึบตัวของเนื้อปอด"),
            .pneumonia: ("พบฝ้าทึบเป็นหย่อมหลายตำแหน่งที่ปอด{side} เข้าได้กับปอดอักเสบ", "ฝ้าทึบที่ปอด{side} อาจเป็นปอดอักเสบระยะแรก", "ไม่พบลักษณะของปอดอักเสบ"),
            .atelectasis: ("ปอดแฟบเป็นแถบที่ฐานปอด{side} ร่วมกับกะบังลมยกสูง", "น่าจะมีปอดแฟบเล็กน้อยที่ฐานปอด{side}", "ไม่พบปอดแฟบ"),
            .pneumothorax: ("ภาวะลมในช่องเยื่อหุ้มปอด{side} {amount} เห็นเส้นเยื่อหุ้มปอดชัดเจน", "ไม่สามารถแยกภาวะลมในช่องเยื่อหุ้มปอดปริมาณเล็กน้อยที่ยอดปอด{side}ได้", "ไม่พบภาวะลมในช่องเยื่อหุ้มปอด"),
            .pleuralEffusion: ("ภาวะน้ำในช่องเยื่อหุ้มปอด{side} {amount}", "มุมชายโครงกับกะบังลม{side}ทู่ อาจมีน้ำในช่องเยื่อหุ้มปอดเล็กน้อย", "ไม่พบน้ำในช่องเยื่อหุ้มปอด"),
            .pleuralOther: ("เยื่อหุ้มปอดหนาตัว{side}", "อาจมีเยื่อหุ้มปอดหนาตัว{side}", "ไม่พบเยื่อหุ้มปอดหนาตัว"),
            .fracture: ("กระดูกซี่โครงหัก{side}", "อาจมีกระดูกซี่โครงหักโดยไม่เคลื่อน{side}", "ไม่พบกระดูกหัก"),
            .supportDevices: ("อุปกรณ์การแพทย์ (สายสวน ท่อ หรือเครื่องกระตุ้นหัวใจ) อยู่ในตำแหน่งเหมาะสม", "อาจเห็นสายสวนบางส่วน", "ไม่พบสายสวนหรือท่อ"),
        ])

    static let indonesian = Phrasebook(
        "ind_Latn", sides: ["di sisi kanan", "di sisi kiri", "bilateral"], severities: ["ringan", "sedang", "berat"],
        amounts: ["kecil", "sedang", "besar"],
        normal: ["Paru mengembang baik dan bersih.", "Corakan vaskular paru normal."],
        impressionNormal: ["Tidak tampak kelainan kardiopulmoner akut.", "Foto toraks dalam batas normal."],
        [
            .enlargedCardiomediastinum: ("Pelebaran mediastinum {severity}.", "Kemungkinan pelebaran mediastinum, mungkin karena teknik.", "Siluet kardiomediastinal dalam batas normal."),
            .cardiomegaly: ("Kardiomegali {severity}.", "Kemungkinan kardiomegali ringan.", "Ukuran jantung normal."),
            .lungLesion: ("Nodul paru berukuran {mm} mm {side}.", "Kemungkinan nodul kecil {side}.", "Tidak tampak nodul maupun massa paru."),
            .lungOpacity: ("Opasitas berbatas tidak tegas {side}.", "Kemungkinan opasitas samar {side}.", "Tidak tampak opasitas fokal."),
            .edema: ("Edema paru {severity} dengan perselubungan perihiler dan garis septal.", "Kemungkinan edema interstisial awal.", "Tidak tampak edema paru."),
            .consolidation: ("Konsolidasi padat {side} dengan air bronchogram.", "Konsolidasi awal {side} tidak dapat disingkirkan.", "Tidak tampak konsolidasi."),
            .pneumonia: ("Opasitas bercak multifokal {side}, sesuai dengan pneumonia.", "Opasitas {side} yang mungkin merupakan pneumonia awal.", "Tidak tampak tanda pneumonia."),
            .atelectasis: ("Atelektasis lempeng basal {side} dengan elevasi hemidiafragma.", "Kemungkinan atelektasis subsegmental basal {side}.", "Tidak tampak atelektasis."),
            .pneumothorax: ("Pneumotoraks {amount} {side} dengan garis pleura viseral yang terlihat.", "Pneumotoraks apikal kecil {side} tidak dapat disingkirkan.", "Tidak tampak pneumotoraks."),
            .pleuralEffusion: ("Efusi pleura {amount} {side}.", "Sudut kostofrenikus tumpul {side}, kemungkinan efusi minimal.", "Tidak tampak efusi pleura."),
            .pleuralOther: ("Penebalan pleura {side}.", "Kemungkinan penebalan pleura {side}.", "Tidak tampak penebalan pleura."),
            .fracture: ("Fraktur kosta {side}.", "Kemungkinan fraktur kosta tanpa pergeseran {side}.", "Tidak tampak fraktur."),
            .supportDevices: ("Alat bantu medis (kateter, selang, atau pacu jantung) terpasang pada posisinya.", "Kemungkinan kateter yang tampak sebagian.", "Tidak tampak kateter maupun selang."),
        ])
}
