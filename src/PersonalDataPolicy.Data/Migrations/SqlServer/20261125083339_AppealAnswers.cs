using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AppealAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AnsweredAt",
                table: "Appeals",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AppealAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AppealId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StaffUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SentByEmail = table.Column<bool>(type: "bit", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppealAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AppealAnswers_Appeals_AppealId",
                        column: x => x.AppealId,
                        principalTable: "Appeals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AppealAnswers_AppealId",
                table: "AppealAnswers",
                column: "AppealId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AppealAnswers");

            migrationBuilder.DropColumn(
                name: "AnsweredAt",
                table: "Appeals");
        }
    }
}
