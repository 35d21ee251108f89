"""What demo students are made of: names, universities, courses, interests and bios.

Weights are rough shares of a large international student body, not statistics: enough
that search and suggestions meet the skew of real data (a few big universities and
courses, many small ones; common interests and rare ones; names from many cultures, with
their accents).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NameCulture:
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]
    # Languages whose surnames agree with gender: (masculine ending, feminine ending).
    feminine_endings: tuple[tuple[str, str], ...] = ()

    def surname_for(self, surname: str, *, woman: bool) -> str:
        if woman:
            for masculine, feminine in self.feminine_endings:
                if surname.endswith(masculine):
                    return surname[: len(surname) - len(masculine)] + feminine
        return surname


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


CULTURES: dict[str, NameCulture] = {
    "english": NameCulture(
        _words(
            "Olivia, Amelia, Isla, Ava, Emily, Sophie, Grace, Chloe, Lucy, Ella, Emma, "
            "Madison, Harper, Abigail, Zoe, Freya, Hannah, Charlotte, Evie, Poppy, Jessica, "
            "Megan, Holly, Rebecca, Lauren, Katie, Eleanor, Imogen, Abby, Brooke"
        ),
        _words(
            "Oliver, Jack, Harry, George, Noah, Charlie, Thomas, James, William, Henry, "
            "Liam, Ethan, Mason, Logan, Owen, Callum, Alfie, Oscar, Archie, Joshua, Samuel, "
            "Daniel, Benjamin, Ryan, Tyler, Connor, Dylan, Nathan, Luke, Max"
        ),
        _words(
            "Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson, "
            "Wright, Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, "
            "Clarke, Miller, Davis, Anderson, Moore, Martin, Harris, Clark, Lewis, Young, "
            "Hughes, Campbell, Edwards, Turner, Parker, Cooper, Morgan, Bennett, Reed, "
            "Fletcher, Hayes, Ellis, Murray, Stewart, Mitchell, Carter, Phillips"
        ),
    ),
    "irish": NameCulture(
        _words(
            "Aoife, Siobhán, Niamh, Caoimhe, Saoirse, Róisín, Orla, Éabha, Clodagh, Gráinne, "
            "Ciara, Sinéad, Aisling, Méabh, Orlaith"
        ),
        _words(
            "Seán, Oisín, Ciarán, Pádraig, Eoin, Cian, Darragh, Tadhg, Cathal, Rónán, Fionn, "
            "Diarmuid, Conor, Éamon, Colm"
        ),
        _words(
            "Murphy, Kelly, O'Sullivan, Walsh, O'Brien, Byrne, Ryan, O'Connor, McCarthy, "
            "Doyle, Gallagher, Kennedy, Lynch, Quinn, Ó Súilleabháin, Mac Giolla, Ní Bhriain, "
            "Fitzgerald, Brennan, Daly, Nolan, Kavanagh, O'Neill, Ó Ceallaigh"
        ),
    ),
    "spanish": NameCulture(
        _words(
            "Lucía, Sofía, Martina, María, Valentina, Camila, Ximena, Paula, Daniela, Jimena, "
            "Inés, Begoña, Núria, Mónica, Ángela, Ainhoa, Renata, Guadalupe, Itzel, Regina, "
            "Florencia, Agustina, Catalina, Isidora, Montserrat"
        ),
        _words(
            "Mateo, Santiago, Sebastián, Diego, Alejandro, Hugo, Pablo, Álvaro, Javier, "
            "Andrés, Joaquín, Iñaki, Nicolás, Tomás, Jordi, Rubén, Adrián, Emiliano, "
            "Leonardo, Benjamín, Agustín, Facundo, Maximiliano, Ramón, Íker"
        ),
        _words(
            "García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, "
            "Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Castillo, "
            "Ramírez, Torres, Vásquez, Flores, Navarro, Domínguez, Ibáñez, Peña, de la Cruz, "
            "Núñez, Ortiz, Gutiérrez, Vargas, Castro, Rojas, Medina, Aguilar, Chávez, "
            "Echeverría, Sepúlveda, Zúñiga, Valdés, Cortés, Orozco, Larraín"
        ),
    ),
    "portuguese": NameCulture(
        _words(
            "Ana, Beatriz, Júlia, Mariana, Larissa, Letícia, Isabela, Luíza, Camila, Lívia, "
            "Inês, Conceição, Fernanda, Gabriela, Bruna, Vitória, Lorena, Sílvia, Raquel, "
            "Maria Eduarda"
        ),
        _words(
            "João, Gabriel, Lucas, Matheus, Thiago, Rafael, Gustavo, Felipe, Caio, Vinícius, "
            "Leonardo, Gonçalo, Rodrigo, Diogo, André, Bruno, Davi, Henrique, Otávio, "
            "João Pedro"
        ),
        _words(
            "Silva, Santos, Oliveira, Souza, Pereira, Costa, Rodrigues, Almeida, Nascimento, "
            "Lima, Araújo, Fernandes, Carvalho, Gomes, Ribeiro, Martins, Rocha, Barbosa, "
            "Gonçalves, Magalhães, Simões, Assunção, Brandão, Monteiro, Cardoso, Teixeira, "
            "Correia, Nogueira, Figueiredo, Conceição"
        ),
    ),
    "french": NameCulture(
        _words(
            "Léa, Chloé, Manon, Camille, Inès, Zoé, Éloïse, Margaux, Anaïs, Océane, Juliette, "
            "Maëlle, Clémence, Mathilde, Noémie, Lucie, Amélie, Élodie, Hélène, Gaëlle, "
            "Solène, Aurélie"
        ),
        _words(
            "Louis, Hugo, Théo, Lucas, Mathéo, Noé, Gabriel, Étienne, Raphaël, Jérôme, "
            "Benoît, François, Loïc, Aurélien, Clément, Antoine, Maxime, Quentin, Jules, "
            "Baptiste, Grégoire, Timothée"
        ),
        _words(
            "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, "
            "Simon, Laurent, Lefèvre, Michel, Garnier, Faure, Rousseau, Blanc, Guérin, "
            "Boucher, Lemaître, Fontaine, Chevalier, Gauthier, Mercier, Bérenger, Lévêque, "
            "Girard, Bonnet, Dupont, Lambert, Mathieu, Gagnon, Tremblay, Bouchard, Côté, "
            "Pelletier, Bélanger"
        ),
    ),
    "german": NameCulture(
        _words(
            "Lena, Hannah, Lea, Anna, Leonie, Johanna, Marie, Jana, Sophie, Mia, Lotte, "
            "Clara, Emilia, Greta, Franziska, Annika, Katharina, Jördis, Käthe, Luise, "
            "Theresa, Svenja"
        ),
        _words(
            "Lukas, Leon, Finn, Jonas, Maximilian, Felix, Paul, Elias, Moritz, Tobias, "
            "Niklas, Jörg, Björn, Sören, Jannik, Florian, Matthias, Sebastian, Julian, "
            "Fabian, Lennart, Malte"
        ),
        _words(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, "
            "Hoffmann, Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, "
            "Schwarz, Zimmermann, Braun, Krüger, Hofmann, Hartmann, Lange, Weiß, Günther, "
            "Köhler, Vogel, Jäger, Böhm, Keller, Huber, Gruber, Brunner, Steiner, Möller, "
            "Lorenz, Frank, Kühn"
        ),
    ),
    "italian": NameCulture(
        _words(
            "Giulia, Sofia, Aurora, Alice, Ginevra, Beatrice, Chiara, Francesca, Martina, "
            "Elisa, Federica, Ilaria, Giorgia, Valentina, Noemi, Caterina, Arianna, Serena"
        ),
        _words(
            "Leonardo, Francesco, Alessandro, Lorenzo, Mattia, Andrea, Gabriele, Riccardo, "
            "Tommaso, Niccolò, Matteo, Giuseppe, Federico, Davide, Edoardo, Pietro, Nicolò, "
            "Salvatore"
        ),
        _words(
            "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, "
            "Greco, Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, "
            "Moretti, Barbieri, Fontana, Caruso, Mariani, Fabbri, D'Angelo, Santoro, Leone, "
            "Longo, Galli, Martinelli, Vitale"
        ),
    ),
    "dutch": NameCulture(
        _words(
            "Sanne, Lotte, Femke, Fleur, Anouk, Noor, Eva, Tess, Maud, Inge, Lieke, Marloes, "
            "Elise, Jasmijn, Floor, Saar"
        ),
        _words(
            "Daan, Sem, Lucas, Levi, Bram, Thijs, Jesse, Ruben, Joris, Pieter, Wouter, "
            "Sjoerd, Geert, Stijn, Jelle, Koen"
        ),
        _words(
            "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, "
            "Smit, Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, "
            "van Leeuwen, Dekker, Brouwer, Peeters, Maes, Claes, Wouters, Verhoeven, "
            "van der Linden, Goossens, Willems"
        ),
    ),
    "nordic": NameCulture(
        _words(
            "Åsa, Freja, Ida, Clara, Astrid, Maja, Saga, Elsa, Linnéa, Sofie, Frida, Aino, "
            "Siiri, Ingrid, Sigrid, Liv, Nora, Emilie, Märta, Tuulia"
        ),
        _words(
            "Emil, Oscar, William, Magnus, Mikkel, Søren, Rasmus, Anders, Björn, Eetu, "
            "Väinö, Onni, Aleksi, Mads, Frederik, Gustav, Axel, Olof, Jørgen, Henrik"
        ),
        _words(
            "Jensen, Nielsen, Hansen, Pedersen, Andersen, Larsen, Sørensen, Johansson, "
            "Andersson, Karlsson, Nilsson, Eriksson, Lindström, Lindqvist, Bergström, Åberg, "
            "Öberg, Korhonen, Virtanen, Mäkinen, Nieminen, Mäkelä, Hämäläinen, Järvinen, "
            "Lehtonen, Halvorsen, Bjørnstad, Sjöberg"
        ),
    ),
    "polish": NameCulture(
        _words(
            "Zofia, Zuzanna, Julia, Maja, Hanna, Łucja, Agnieszka, Małgorzata, Katarzyna, "
            "Aleksandra, Weronika, Natalia, Magdalena, Joanna, Ewelina, Karolina"
        ),
        _words(
            "Jakub, Antoni, Szymon, Jan, Filip, Mikołaj, Wojciech, Kacper, Michał, Paweł, "
            "Łukasz, Bartłomiej, Grzegorz, Tomasz, Piotr, Krzysztof"
        ),
        _words(
            "Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, "
            "Zieliński, Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, "
            "Kwiatkowski, Krawczyk, Piotrowski, Grabowski, Pawłowski, Michalski, Król, "
            "Wieczorek, Jabłoński, Wróbel, Zając, Górski, Sadowski"
        ),
        feminine_endings=(("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")),
    ),
    "slavic_east": NameCulture(
        _words(
            "Anastasia, Daria, Polina, Yulia, Ksenia, Olena, Kateryna, Sofiya, Viktoria, "
            "Alina, Oksana, Irina"
        ),
        _words(
            "Dmitri, Alexei, Ivan, Mykhailo, Artem, Oleksandr, Nikita, Sergei, Andriy, "
            "Maksym, Pavel, Bohdan"
        ),
        _words(
            "Ivanov, Petrov, Smirnov, Kuznetsov, Popov, Sokolov, Volkov, Shevchenko, "
            "Kovalenko, Bondarenko, Tkachenko, Melnyk, Boyko, Morozov, Lebedev, Kravchuk, "
            "Novikov, Savchenko"
        ),
        feminine_endings=(("ov", "ova"), ("ev", "eva"), ("in", "ina")),
    ),
    "greek": NameCulture(
        _words("Eleni, Maria, Katerina, Sofia, Georgia, Despina, Ioanna, Vasiliki, Anastasia"),
        _words("Giorgos, Dimitris, Nikos, Kostas, Yannis, Alexandros, Christos, Panagiotis"),
        _words(
            "Papadopoulos, Papadakis, Georgiou, Nikolaidis, Konstantinou, Oikonomou, Vlachos, "
            "Karagiannis, Dimitriou, Alexiou, Antoniou, Makris"
        ),
        feminine_endings=(("os", "ou"), ("is", "i"), ("as", "a")),
    ),
    "turkish": NameCulture(
        _words(
            "Zeynep, Elif, Ayşe, Defne, Ecem, Büşra, Gülşen, İrem, Özge, Şeyma, Merve, "
            "Ebru, Selin, Nilüfer"
        ),
        _words(
            "Mehmet, Mustafa, Emre, Burak, Can, Çağrı, Oğuz, Yiğit, Barış, Kerem, Efe, Arda, "
            "Tolga, Uğur"
        ),
        _words(
            "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, "
            "Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Erdoğan, "
            "Güneş"
        ),
    ),
    "arabic": NameCulture(
        _words(
            "Nour, Layla, Mariam, Salma, Yasmin, Fatima, Aisha, Hana, Rania, Lina, Farah, "
            "Dina, Jana, Reem, Malak"
        ),
        _words(
            "Omar, Ahmed, Youssef, Karim, Ali, Hassan, Khaled, Tariq, Ibrahim, Ziad, Rami, "
            "Mahmoud, Hamza, Bilal, Sami"
        ),
        _words(
            "Haddad, Khoury, Mansour, Nasser, Saleh, Hassan, El-Sayed, Farouk, Abdelrahman, "
            "Aziz, Hamdan, Haidar, Sabbagh, Khalil, Ibrahim, Mostafa, Shalaby, Barakat, Naim, "
            "Al-Masri, Abou Chakra"
        ),
    ),
    "hebrew": NameCulture(
        _words("Noa, Tamar, Maya, Shira, Yael, Adi, Michal, Talia, Roni, Hila"),
        _words("Itai, Yonatan, Omer, Noam, Eitan, Ariel, Daniel, Amit, Guy, Uri"),
        _words(
            "Cohen, Levi, Mizrahi, Peretz, Biton, Dahan, Avraham, Friedman, Azoulay, Katz, "
            "Ben-David, Shapiro, Goldberg, Rosen, Ohana"
        ),
    ),
    "persian": NameCulture(
        _words("Parisa, Shirin, Nasrin, Yasaman, Niloufar, Sara, Mahsa, Ladan, Roya"),
        _words("Amir, Reza, Arash, Dariush, Kian, Mehdi, Babak, Farhad, Kourosh"),
        _words(
            "Hosseini, Rezaei, Mohammadi, Ahmadi, Karimi, Moradi, Jafari, Tehrani, Sadeghi, Rahimi"
        ),
    ),
    "west_african": NameCulture(
        _words(
            "Ngozi, Chiamaka, Adaeze, Funmilayo, Folake, Yetunde, Amara, Ifeoma, Temitope, "
            "Zainab, Abena, Efua, Adwoa, Chidinma, Oluwatoyin"
        ),
        _words(
            "Chinedu, Emeka, Oluwaseun, Tunde, Babajide, Chukwuemeka, Ifeanyi, Kelechi, "
            "Obinna, Segun, Adebayo, Kwame, Kofi, Yaw, Femi"
        ),
        _words(
            "Okafor, Adeyemi, Okonkwo, Balogun, Eze, Nwosu, Ogunleye, Adebayo, Olawale, "
            "Chukwu, Obi, Ibrahim, Bello, Abubakar, Mensah, Boateng, Asante, Owusu, Nnamdi, "
            "Afolabi, Ogundipe, Oyelaran"
        ),
    ),
    "east_african": NameCulture(
        _words("Wanjiru, Achieng, Akinyi, Njeri, Wambui, Atieno, Nyambura, Faith, Mercy, Imani"),
        _words("Amani, Baraka, Kipchoge, Otieno, Kamau, Mwangi, Ochieng, Kiprono, Juma, Brian"),
        _words(
            "Kamau, Mwangi, Otieno, Ochieng, Wanjiku, Kariuki, Njoroge, Odhiambo, Kiprop, "
            "Cheruiyot, Mutua, Onyango, Wafula, Omondi, Maina, Kimani"
        ),
    ),
    "southern_african": NameCulture(
        _words(
            "Naledi, Lerato, Thandiwe, Nomvula, Zanele, Palesa, Ayanda, Lindiwe, Liezl, "
            "Annelie, Refilwe, Kamogelo"
        ),
        _words(
            "Thabo, Sipho, Lwazi, Bongani, Mandla, Kagiso, Themba, Tshepo, Pieter, Johan, "
            "Sibusiso, Tebogo"
        ),
        _words(
            "Nkosi, Dlamini, Ndlovu, Mokoena, Khumalo, Mthembu, Zulu, Naidoo, Botha, "
            "van der Merwe, Pretorius, Coetzee, Mahlangu, Sithole, Molefe, du Plessis"
        ),
    ),
    "indian": NameCulture(
        _words(
            "Ananya, Diya, Priya, Aditi, Kavya, Saanvi, Ishita, Meera, Sneha, Pooja, "
            "Lakshmi, Riya, Anjali, Nandini, Shreya, Tanvi"
        ),
        _words(
            "Aarav, Vihaan, Arjun, Rohan, Aditya, Siddharth, Karthik, Rahul, Vikram, Ishaan, "
            "Nikhil, Pranav, Harsh, Kabir, Varun, Aniket"
        ),
        _words(
            "Sharma, Patel, Singh, Kumar, Gupta, Reddy, Iyer, Nair, Menon, Rao, Joshi, Mehta, "
            "Chatterjee, Banerjee, Mukherjee, Desai, Kapoor, Malhotra, Bhat, Pillai, "
            "Agarwal, Verma, Krishnan, Das, Shah, Chopra"
        ),
    ),
    "chinese": NameCulture(
        _words(
            "Xinyi, Yutong, Shihan, Jiayi, Meiling, Xiaoyu, Ruoxi, Mengyao, Qian, Yiran, "
            "Zihan, Wenjing, Siqi, Lü Yan"
        ),
        _words(
            "Wei, Jun, Hao, Jie, Lei, Ming, Tao, Zhiwei, Jiahao, Yuxuan, Haoran, Zixuan, "
            "Boyang, Chenxi"
        ),
        _words(
            "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, "
            "Guo, He, Lin, Gao, Luo, Zheng, Liang, Xie, Tang, Lü, Song, Deng, Feng"
        ),
    ),
    "sinitic_south": NameCulture(
        _words("Yu-Ting, Hsin-Yi, Pei-Shan, Ka-Man, Hoi-Lam, Wing-Yan, Mei-Ling, Ching-Yi"),
        _words("Chia-Hao, Chih-Wei, Wing, Ka-Ho, Chun-Kit, Tsz-Hin, Yu-Cheng, Po-Han"),
        _words(
            "Chen, Lin, Huang, Chang, Wang, Wu, Liu, Tsai, Chan, Wong, Cheung, Lau, Leung, "
            "Ho, Tsang, Kwok"
        ),
    ),
    "japanese": NameCulture(
        _words(
            "Yui, Hina, Aoi, Sakura, Mio, Rin, Yuna, Mei, Akari, Haruka, Ayaka, Misaki, "
            "Yūka, Nanami"
        ),
        _words(
            "Haruto, Yuto, Sota, Riku, Ren, Hinata, Kaito, Yuki, Daiki, Takumi, Shōta, "
            "Kenta, Ryō, Kōki"
        ),
        _words(
            "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, "
            "Kato, Yoshida, Yamada, Sasaki, Yamaguchi, Matsumoto, Inoue, Kimura, Hayashi, "
            "Shimizu, Saitō, Ōta, Mori, Ikeda, Hashimoto, Kōno"
        ),
    ),
    "korean": NameCulture(
        _words("Seo-yeon, Ha-eun, Ji-woo, Su-bin, Ye-jin, Eun-ji, Min-seo, Yu-na, Da-eun"),
        _words("Min-jun, Ji-ho, Do-yun, Seo-jun, Hyun-woo, Jae-won, Tae-yang, Dong-hyun"),
        _words(
            "Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, "
            "Kwon, Hwang, Song, Ahn, Yoo, Hong"
        ),
    ),
    "vietnamese": NameCulture(
        _words("Linh, Ngọc, Hương, Lan, Mai, Thảo, Trang, Vy, Hà, Thư, Nhung, Quỳnh"),
        _words("Anh, Bảo, Minh, Huy, Khánh, Long, Nam, Phúc, Quang, Trung, Tuấn, Đức"),
        _words(
            "Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý"
        ),
    ),
    "southeast_asian": NameCulture(
        _words(
            "Wei Ling, Xin Hui, Siti, Nur Aisyah, Putri, Ayu, Dewi, Angelica, Maria Clara, Hui Min"
        ),
        _words("Jun Jie, Muhammad, Farhan, Andi, Budi, Rizky, Jose, Paolo, Wei Jie, Arif"),
        _words(
            "Tan, Lim, Lee, Ng, Ong, Wong, Goh, Chua, Koh, Teo, Abdullah, Rahman, Santoso, "
            "Wijaya, Hidayat, Reyes, Santos, Cruz, Bautista"
        ),
    ),
}

# Where international students come from, roughly: anyone can study anywhere.
INTERNATIONAL_MIX: dict[str, float] = {
    "chinese": 3.0,
    "indian": 3.0,
    "english": 2.0,
    "spanish": 2.0,
    "german": 1.2,
    "french": 1.2,
    "portuguese": 1.0,
    "italian": 1.0,
    "korean": 1.0,
    "vietnamese": 1.0,
    "arabic": 1.0,
    "west_african": 1.0,
    "turkish": 0.8,
    "persian": 0.8,
    "slavic_east": 0.8,
    "polish": 0.6,
    "greek": 0.5,
    "southeast_asian": 0.8,
    "japanese": 0.6,
    "nordic": 0.5,
    "dutch": 0.5,
    "irish": 0.4,
    "hebrew": 0.4,
    "east_african": 0.5,
    "southern_african": 0.4,
    "sinitic_south": 0.6,
}

# Local names at a university of each country (the rest come from INTERNATIONAL_MIX).
LOCAL_CULTURES: dict[str, dict[str, float]] = {
    "United Kingdom": {"english": 1.0},
    "United States": {"english": 0.8, "spanish": 0.2},
    "Canada": {"english": 0.75, "french": 0.25},
    "Australia": {"english": 1.0},
    "New Zealand": {"english": 1.0},
    "Ireland": {"irish": 0.6, "english": 0.4},
    "Germany": {"german": 1.0},
    "Switzerland": {"german": 0.65, "french": 0.2, "italian": 0.15},
    "France": {"french": 1.0},
    "Spain": {"spanish": 1.0},
    "Mexico": {"spanish": 1.0},
    "Argentina": {"spanish": 1.0},
    "Chile": {"spanish": 1.0},
    "Colombia": {"spanish": 1.0},
    "Brazil": {"portuguese": 1.0},
    "Portugal": {"portuguese": 1.0},
    "Italy": {"italian": 1.0},
    "Netherlands": {"dutch": 1.0},
    "Belgium": {"dutch": 0.6, "french": 0.4},
    "Denmark": {"nordic": 1.0},
    "Sweden": {"nordic": 1.0},
    "Finland": {"nordic": 1.0},
    "Norway": {"nordic": 1.0},
    "Poland": {"polish": 1.0},
    "Greece": {"greek": 1.0},
    "Turkiye": {"turkish": 1.0},
    "Egypt": {"arabic": 1.0},
    "Lebanon": {"arabic": 1.0},
    "Israel": {"hebrew": 1.0},
    "Iran, Islamic Republic of": {"persian": 1.0},
    "Nigeria": {"west_african": 1.0},
    "Ghana": {"west_african": 1.0},
    "Kenya": {"east_african": 1.0},
    "South Africa": {"southern_african": 1.0},
    "India": {"indian": 1.0},
    "China": {"chinese": 1.0},
    "Taiwan, Province of China": {"sinitic_south": 1.0},
    "Hong Kong": {"sinitic_south": 1.0},
    "Japan": {"japanese": 1.0},
    "Korea, Republic of": {"korean": 1.0},
    "Viet Nam": {"vietnamese": 1.0},
    "Singapore": {"southeast_asian": 0.6, "chinese": 0.25, "indian": 0.15},
    "Malaysia": {"southeast_asian": 1.0},
    "Indonesia": {"southeast_asian": 1.0},
    "Philippines": {"southeast_asian": 1.0},
    "Russian Federation": {"slavic_east": 1.0},
    "Ukraine": {"slavic_east": 1.0},
}
LOCAL_SHARE = 0.7

# Personal addresses: these students are not verified students, whatever their university.
PERSONAL_EMAIL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me")


@dataclass(frozen=True, slots=True)
class FeaturedUniversity:
    name: str  # exactly as in the seeded list (quad.universities.seed)
    country: str
    short: str  # as students say it, in bios
    weight: float  # share of demo students, relative


# Most demo students study at one of these; the rest spread over the long tail of the list.
FEATURED_UNIVERSITIES: tuple[FeaturedUniversity, ...] = (
    FeaturedUniversity("University of Oxford", "United Kingdom", "Oxford", 3.0),
    FeaturedUniversity("University of Cambridge", "United Kingdom", "Cambridge", 3.0),
    FeaturedUniversity("Imperial College London", "United Kingdom", "Imperial", 2.5),
    FeaturedUniversity(
        "University College London, University of London", "United Kingdom", "UCL", 3.0
    ),
    FeaturedUniversity(
        "King's College London, University of London", "United Kingdom", "King's", 2.5
    ),
    FeaturedUniversity("University of Edinburgh", "United Kingdom", "Edinburgh", 2.5),
    FeaturedUniversity("University of Manchester", "United Kingdom", "Manchester", 3.0),
    FeaturedUniversity("Massachusetts Institute of Technology", "United States", "MIT", 2.5),
    FeaturedUniversity("Stanford University", "United States", "Stanford", 2.5),
    FeaturedUniversity("Harvard University", "United States", "Harvard", 2.5),
    FeaturedUniversity("University of California, Berkeley", "United States", "Berkeley", 3.0),
    FeaturedUniversity("University of Michigan - Ann Arbor", "United States", "Michigan", 3.0),
    FeaturedUniversity("New York University", "United States", "NYU", 3.0),
    FeaturedUniversity("The University of Texas at Austin", "United States", "UT Austin", 3.0),
    FeaturedUniversity("Columbia University", "United States", "Columbia", 2.0),
    FeaturedUniversity("University of Washington", "United States", "UW", 2.5),
    FeaturedUniversity("Georgia Institute of Technology", "United States", "Georgia Tech", 2.0),
    FeaturedUniversity("University of California, Los Angeles", "United States", "UCLA", 3.0),
    FeaturedUniversity("University of Toronto", "Canada", "U of T", 3.0),
    FeaturedUniversity("McGill University", "Canada", "McGill", 2.0),
    FeaturedUniversity("University of British Columbia", "Canada", "UBC", 2.5),
    FeaturedUniversity("ETHZ - ETH Zurich", "Switzerland", "ETH", 2.0),
    FeaturedUniversity("Technische Universität München", "Germany", "TUM", 2.5),
    FeaturedUniversity("Ludwig-Maximilians-Universität München", "Germany", "LMU", 2.0),
    FeaturedUniversity("Freie Universität Berlin", "Germany", "FU Berlin", 1.5),
    FeaturedUniversity("Humboldt Universität Berlin", "Germany", "HU Berlin", 1.5),
    FeaturedUniversity("Université Paris-Saclay", "France", "Paris-Saclay", 1.5),
    FeaturedUniversity("École Polytechnique", "France", "l'X", 1.0),
    FeaturedUniversity(
        "Sorbonne Université - Faculté des Sciences (Paris VI)", "France", "Sorbonne", 1.5
    ),
    FeaturedUniversity("Universidad Complutense de Madrid", "Spain", "la Complu", 2.0),
    FeaturedUniversity("Universitat de Barcelona", "Spain", "UB", 2.0),
    FeaturedUniversity("University of Bologna", "Italy", "Bologna", 2.0),
    FeaturedUniversity('University of Roma "La Sapienza"', "Italy", "La Sapienza", 2.0),
    FeaturedUniversity("Delft University of Technology", "Netherlands", "TU Delft", 2.0),
    FeaturedUniversity("University of Amsterdam", "Netherlands", "UvA", 2.0),
    FeaturedUniversity("Katholieke Universiteit Leuven", "Belgium", "KU Leuven", 1.5),
    FeaturedUniversity("University of Copenhagen", "Denmark", "KU", 1.5),
    FeaturedUniversity("Lund University", "Sweden", "Lund", 1.2),
    FeaturedUniversity("Uppsala University", "Sweden", "Uppsala", 1.0),
    FeaturedUniversity("University of Helsinki", "Finland", "Helsinki", 1.2),
    FeaturedUniversity("University College Dublin", "Ireland", "UCD", 1.2),
    FeaturedUniversity("University of Dublin, Trinity College", "Ireland", "Trinity", 1.2),
    FeaturedUniversity("University of Warsaw", "Poland", "UW Warsaw", 1.5),
    FeaturedUniversity("Jagiellonian University Cracow", "Poland", "UJ", 1.0),
    FeaturedUniversity("Universidade de São Paulo", "Brazil", "USP", 2.5),
    FeaturedUniversity("Universidad Nacional Autónoma de México", "Mexico", "UNAM", 2.5),
    FeaturedUniversity("Universidad de Buenos Aires", "Argentina", "UBA", 2.0),
    FeaturedUniversity("Universidad de Chile", "Chile", "la Chile", 1.0),
    FeaturedUniversity("Pontificia Universidad Catolica de Chile", "Chile", "la Católica", 1.0),
    FeaturedUniversity("Universidad de Los Andes", "Colombia", "los Andes", 1.0),
    FeaturedUniversity("University of Tokyo", "Japan", "Todai", 2.0),
    FeaturedUniversity("Kyoto University", "Japan", "Kyodai", 1.2),
    FeaturedUniversity("Seoul National University", "Korea, Republic of", "SNU", 1.5),
    FeaturedUniversity(
        "Korea Advanced Institute of Science & Technology", "Korea, Republic of", "KAIST", 1.0
    ),
    FeaturedUniversity("National University of Singapore", "Singapore", "NUS", 2.0),
    FeaturedUniversity("Nanyang Technological University", "Singapore", "NTU", 1.5),
    FeaturedUniversity("Peking University", "China", "PKU", 1.5),
    FeaturedUniversity("Tsinghua University", "China", "Tsinghua", 1.5),
    FeaturedUniversity("National Taiwan University", "Taiwan, Province of China", "NTU", 1.0),
    FeaturedUniversity("The Chinese University of Hong Kong", "Hong Kong", "CUHK", 1.0),
    FeaturedUniversity("Indian Institute of Technology, Bombay", "India", "IIT Bombay", 1.5),
    FeaturedUniversity("University of Delhi", "India", "DU", 2.0),
    FeaturedUniversity("Vietnam National University Hanoi", "Viet Nam", "VNU", 1.0),
    FeaturedUniversity("University of Cape Town", "South Africa", "UCT", 1.5),
    FeaturedUniversity("University of Lagos", "Nigeria", "UNILAG", 1.5),
    FeaturedUniversity("University of Nairobi", "Kenya", "UoN", 1.2),
    FeaturedUniversity("Cairo University", "Egypt", "Cairo University", 1.5),
    FeaturedUniversity("American University of Beirut", "Lebanon", "AUB", 0.8),
    FeaturedUniversity("Tel Aviv University", "Israel", "TAU", 1.0),
    FeaturedUniversity("Boğaziçi University", "Turkiye", "Boğaziçi", 1.0),
    FeaturedUniversity("Middle East Technical University", "Turkiye", "METU", 1.0),
    FeaturedUniversity("University of Melbourne", "Australia", "Melbourne Uni", 2.0),
    FeaturedUniversity("University of Sydney", "Australia", "Sydney Uni", 2.0),
    FeaturedUniversity("Australian National University", "Australia", "ANU", 1.0),
    FeaturedUniversity("University of Auckland", "New Zealand", "Auckland", 1.2),
)
FEATURED_SHARE = 0.9  # the rest study at universities of the long tail
LONG_TAIL_UNIVERSITIES = 300
# A small demo spreads its students over fewer universities: one per this many, at least 3.
STUDENTS_PER_UNIVERSITY = 250
MIN_UNIVERSITIES = 3


@dataclass(frozen=True, slots=True)
class Course:
    name: str
    weight: float
    interests: tuple[str, ...] = ()  # more common among its students
    # What some students type instead (still the same course to a reader, not to an index).
    nicknames: tuple[str, ...] = ()


_TECH = ("programming", "machine learning", "hackathons", "open source", "gaming", "startups")
_BUSINESS = ("startups", "entrepreneurship", "investing", "fashion", "travel")
_HEALTH = ("volunteering", "running", "mental health", "gym")
_LAW = ("debating", "Model UN", "politics", "reading")
_MIND = ("psychology", "mental health", "meditation", "reading")
_ENGINEERING = ("robotics", "hackathons", "cycling", "gaming", "programming")
_SCIENCE = ("astronomy", "chess", "programming", "board games")
_NATURE = ("hiking", "sustainability", "climate action", "gardening", "birdwatching")
_DESIGN = ("drawing", "art", "photography", "painting", "pottery")
_HUMANITIES = ("reading", "writing", "poetry", "history", "philosophy", "languages", "theatre")
_MEDIA = ("film", "music", "podcasts", "photography", "writing", "guitar")
_SPORT = ("gym", "running", "football", "swimming", "basketball")
_PEOPLE = ("volunteering", "reading", "languages", "mental health")

COURSES: tuple[Course, ...] = (
    Course("Business Administration", 9, _BUSINESS, ("Business Admin",)),
    Course("Computer Science", 9, _TECH, ("Comp Sci",)),
    Course("Psychology", 7, _MIND),
    Course("Medicine", 6, _HEALTH),
    Course("Law", 6, _LAW),
    Course("Economics", 6, ("investing", "debating", "politics", "startups"), ("Econ",)),
    Course("Nursing", 5, _HEALTH),
    Course("Mechanical Engineering", 5, _ENGINEERING, ("Mech Eng",)),
    Course("Biology", 5, _NATURE),
    Course("Electrical Engineering", 4, _ENGINEERING),
    Course("Civil Engineering", 3.5, _ENGINEERING),
    Course("Accounting and Finance", 4, _BUSINESS),
    Course("Marketing", 3, _BUSINESS),
    Course("Mathematics", 4, _SCIENCE, ("Maths", "Math")),
    Course("Physics", 3, _SCIENCE),
    Course("Chemistry", 3, _SCIENCE),
    Course("Biomedical Science", 3, _HEALTH),
    Course("Pharmacy", 2.5, _HEALTH),
    Course("Architecture", 2.5, _DESIGN),
    Course("English Literature", 2.5, _HUMANITIES, ("English Lit",)),
    Course("History", 2.5, _HUMANITIES),
    Course("Political Science", 3, _LAW, ("Poli Sci",)),
    Course("International Relations", 3, _LAW),
    Course("Sociology", 2.5, _PEOPLE),
    Course("Philosophy", 2, _HUMANITIES),
    Course("Education", 3, _PEOPLE),
    Course("Communication and Media", 2.5, _MEDIA),
    Course("Graphic Design", 2, _DESIGN),
    Course("Film Studies", 1.5, _MEDIA),
    Course("Music", 1.5, _MEDIA),
    Course("Fine Art", 1.5, _DESIGN),
    Course("Data Science", 3, _TECH),
    Course("Software Engineering", 3, _TECH),
    Course("Chemical Engineering", 2, _ENGINEERING),
    Course("Aerospace Engineering", 1.5, _ENGINEERING),
    Course("Environmental Science", 2, _NATURE),
    Course("Geography", 1.5, _NATURE),
    Course("Anthropology", 1, _PEOPLE),
    Course("Linguistics", 1.2, _HUMANITIES),
    Course("Modern Languages", 1.5, _HUMANITIES),
    Course("Dentistry", 1.5, _HEALTH),
    Course("Veterinary Medicine", 1, _NATURE),
    Course("Neuroscience", 2, _MIND),
    Course("Biochemistry", 2, _NATURE),
    Course("Statistics", 1.5, _SCIENCE),
    Course("Public Health", 1.5, _HEALTH),
    Course("Journalism", 1.2, _MEDIA),
    Course("Hospitality Management", 1, _BUSINESS),
    Course("Sports Science", 1.5, _SPORT),
    Course("Criminology", 1.5, _PEOPLE),
    Course("Classics", 0.8, _HUMANITIES),
    Course("Theology", 0.5, _HUMANITIES),
    Course("Astrophysics", 0.8, _SCIENCE),
    Course("Agricultural Science", 0.8, _NATURE),
    Course("Urban Planning", 0.8, _DESIGN),
    Course("Industrial Design", 0.8, _DESIGN),
    Course("Physiotherapy", 1.2, _SPORT),
    Course("Social Work", 1.2, _PEOPLE),
    Course("Game Design", 0.8, ("gaming", "drawing", "programming", "anime")),
    Course("Artificial Intelligence", 1.5, _TECH, ("AI",)),
)
# How students type a course they share with others: mostly as it is written, sometimes
# all lower case or only the first word capitalised, now and then a nickname.
LOWER_CASE_SHARE = 0.04
SENTENCE_CASE_SHARE = 0.04
NICKNAME_SHARE = 0.02
COURSE_AFFINITY = 4.0  # how much likelier a course's own interests are among its students

INTERESTS: dict[str, float] = {
    "music": 8,
    "travel": 8,
    "photography": 6,
    "football": 6,
    "gym": 6,
    "gaming": 6,
    "reading": 6,
    "running": 5,
    "hiking": 5,
    "film": 5,
    "cooking": 5,
    "basketball": 4,
    "climbing": 3,
    "cycling": 3,
    "swimming": 3,
    "yoga": 3,
    "dance": 3,
    "chess": 3,
    "board games": 3,
    "anime": 3,
    "baking": 3,
    "coffee": 3,
    "fashion": 3,
    "art": 3,
    "volunteering": 3,
    "programming": 3,
    "languages": 3,
    "tennis": 2.5,
    "writing": 2.5,
    "hip hop": 2.5,
    "guitar": 2.5,
    "drawing": 2.5,
    "sustainability": 2.5,
    "politics": 2.5,
    "startups": 2.5,
    "machine learning": 2.5,
    "volleyball": 2,
    "skiing": 2,
    "e-sports": 2,
    "manga": 2,
    "K-pop": 2,
    "poetry": 2,
    "theatre": 2,
    "podcasts": 2,
    "jazz": 2,
    "indie music": 2,
    "piano": 2,
    "singing": 2,
    "painting": 2,
    "climate action": 2,
    "debating": 2,
    "entrepreneurship": 2,
    "investing": 2,
    "history": 2,
    "dogs": 2,
    "cats": 2,
    "rugby": 1.5,
    "cricket": 1.5,
    "badminton": 1.5,
    "martial arts": 1.5,
    "stand-up comedy": 1.5,
    "classical music": 1.5,
    "vegan food": 1.5,
    "street food": 1.5,
    "thrifting": 1.5,
    "hackathons": 1.5,
    "astronomy": 1.5,
    "philosophy": 1.5,
    "psychology": 1.5,
    "mental health": 1.5,
    "meditation": 1.5,
    "camping": 1.5,
    "surfing": 1.2,
    "Model UN": 1.2,
    "robotics": 1.2,
    "Pokémon": 1,
    "salsa": 1,
    "DJing": 1,
    "café hopping": 1,
    "wine": 1,
    "pottery": 1,
    "knitting": 1,
    "gardening": 1,
    "crypto": 1,
    "open source": 1,
    "rowing": 1,
    "sailing": 0.8,
    "crochet": 0.8,
    "capoeira": 0.5,
    "birdwatching": 0.5,
    "bossa nova": 0.5,
}
# How many interests a student lists: 1 to 6, mostly 2 to 4.
INTEREST_COUNT_WEIGHTS = (10, 18, 24, 22, 16, 10)

BIO_SHARE = 0.4
YEARS = ("First-year", "Second-year", "Third-year", "Final-year", "Master's", "PhD")
BIOS = (
    "{year} {course} student. {Interest} and {interest2} keep me sane.",
    "{course} at {university}. Always up for {interest}.",
    "Studying {course}. Ask me about {interest}!",
    "On exchange this year. Into {interest}, {interest2} and good coffee.",
    "{year}, {course}. Looking for a {interest} buddy.",
    "{Interest} enthusiast. {course} at {university}.",
    "Here to meet people in {course}. Open to study groups.",
    "Coffee, {interest}, repeat.",
    "Part-time barista, full-time {course} student.",
    "{year} at {university}. {Interest} on weekends, library on weekdays.",
    "New to {university} and looking for people into {interest}.",
    "{course} nerd. Probably talking about {interest} right now.",
)
